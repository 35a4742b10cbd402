using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetKAN.Bus.Inflator;
using NetKAN.Bus.Inflator.Downloads;

namespace NetKAN.Bus.Benchmarks;

/// <summary>
/// Inflations per second of a SpaceDock netkan whose package is a 5 MB zip, served by a loopback Kestrel fake:
/// cold cache (download, hash, zip test, every inflation) and warm cache (the package is reused; the API is still
/// asked each time). Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*InflatorBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class InflatorBenchmarks
{
    private const string Netkan = "identifier: Bench\n$kref: '#/ckan/spacedock/1'\n$vref: '#/ckan/ksp-avc'\ntags: [plugin]\n";
    private WebApplication? _app;
    private ServiceProvider? _services;
    private IInflator? _inflator;
    private string _cache = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var zip = BenchPackage.Build();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        var mod = Encoding.UTF8.GetBytes("""
            {"id": 1, "name": "Bench", "short_description": "Benchmark mod", "author": "me", "shared_authors": [],
             "license": "MIT", "website": "https://example.com", "default_version_id": 2,
             "versions": [{"id": 2, "friendly_version": "1.0.0", "game_version": "1.12.5",
                           "download_path": "/dl/Bench.zip", "created": "2026-01-01T00:00:00+00:00"}]}
            """);
        _app.MapGet("/api/mod/1", (HttpContext c) => c.Response.Body.WriteAsync(mod).AsTask());
        _app.MapGet("/dl/Bench.zip", (HttpContext c) =>
        {
            c.Response.ContentLength = zip.Length;
            return c.Response.Body.WriteAsync(zip).AsTask();
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _cache = Path.Combine(Path.GetTempPath(), $"netkan-bench-{Guid.NewGuid():N}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Upstreams:SpaceDock"] = address,
            ["Inflator:CacheDir"] = _cache,
            ["Inflator:TextCacheLifetime"] = "00:00:00",
        }).Build();
        _services = new ServiceCollection().AddInflator(configuration).BuildServiceProvider();
        _inflator = _services.GetRequiredService<IInflator>();
        await InflateAsync(); // fills the cache for the warm case
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (_app is not null) await _app.DisposeAsync();
        if (Directory.Exists(_cache)) Directory.Delete(_cache, recursive: true);
    }

    [Benchmark(Description = "inflate, cache cold (5 MB zip)")]
    public Task<InflationResult> InflateCold()
    {
        foreach (var file in Directory.EnumerateFiles(_cache))
        {
            File.Delete(file);
        }
        return InflateAsync();
    }

    [Benchmark(Description = "inflate, cache warm (5 MB zip)")]
    public Task<InflationResult> InflateWarm() => InflateAsync();

    private async Task<InflationResult> InflateAsync()
    {
        var result = await _inflator!.InflateAsync(new InflationRequest { NetkanText = Netkan, FileName = "Bench.netkan" });
        return result.Success ? result : throw new InvalidOperationException(result.ErrorMessage);
    }
}

/// <summary>
/// download_hash throughput over the same 5 MB: SHA-256 alone, SHA-1 alone, both in one pass sequentially, and both
/// in one pass with the two algorithms on two cores (what the inflator does).
/// Run: dotnet run -c Release --project bench/Benchmarks -- --filter '*HashingBenchmarks*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class HashingBenchmarks
{
    private const int ChunkSize = 1 << 20;
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup() => _bytes = BenchPackage.Build();

    [Benchmark(Baseline = true, Description = "SHA-256 only")]
    public byte[] Sha256Only() => SHA256.HashData(_bytes);

    [Benchmark(Description = "SHA-1 only")]
    public byte[] Sha1Only() => SHA1.HashData(_bytes);

    [Benchmark(Description = "SHA-1 + SHA-256, one pass, sequential")]
    public (string, string) DualSequential()
    {
        using var hasher = new DualHasher();
        for (var offset = 0; offset < _bytes.Length; offset += ChunkSize)
        {
            hasher.Append(_bytes.AsSpan(offset, Math.Min(ChunkSize, _bytes.Length - offset)));
        }
        return hasher.Finish();
    }

    [Benchmark(Description = "SHA-1 + SHA-256, one pass, two cores (DualHasher)")]
    public (string, string) DualParallel()
    {
        using var hasher = new DualHasher();
        for (var offset = 0; offset < _bytes.Length; offset += ChunkSize)
        {
            hasher.Append(_bytes, offset, Math.Min(ChunkSize, _bytes.Length - offset));
        }
        return hasher.Finish();
    }
}

/// <summary>A deterministic ~5 MB zip: incompressible "DLLs", a .version file, a localized .cfg.</summary>
internal static class BenchPackage
{
    public static byte[] Build()
    {
        var random = new Random(42);
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 5; i++)
            {
                var blob = new byte[1_000_000];
                random.NextBytes(blob);
                using var stream = zip.CreateEntry($"GameData/Bench/Plugins/Part{i}.dll").Open();
                stream.Write(blob);
            }
            using (var writer = new StreamWriter(zip.CreateEntry("GameData/Bench/Bench.version").Open()))
            {
                writer.Write("""{"NAME": "Bench", "VERSION": "1.0.0", "KSP_VERSION_MIN": "1.12.0", "KSP_VERSION_MAX": "1.12.5"}""");
            }
            using (var writer = new StreamWriter(zip.CreateEntry("GameData/Bench/Localization/en-us.cfg").Open()))
            {
                writer.Write("Localization\n{\n\ten-us\n\t{\n\t\t#LOC_bench = Bench\n\t}\n}\n");
            }
        }
        return memory.ToArray();
    }
}
