using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;

namespace NetKAN.Bus.Benchmarks;

/// <summary>Made-up new releases of corpus mods, for benchmarks that commit changed .ckan files.</summary>
public static class BenchCkans
{
    /// <summary>Release <paramref name="n"/> (version <c>99.n</c>) of one of <paramref name="identifiers"/>.</summary>
    public static ModInflated NewVersion(string[] identifiers, int n)
    {
        var identifier = identifiers[n * 7 % identifiers.Length];
        var version = $"99.{n}";
        var body = $$"""
            {
                "spec_version": "v1.4",
                "identifier": "{{identifier}}",
                "name": "{{identifier}}",
                "abstract": "Benchmark release {{n}}",
                "author": "bench",
                "license": "MIT",
                "version": "{{version}}",
                "download": "https://example.com/{{identifier}}-{{version}}.zip",
                "x_generated_by": "netkan"
            }

            """;
        return new ModInflated(identifier, GameId.Ksp, true, DateTimeOffset.UtcNow, body, $"{identifier}-{version}.ckan");
    }
}
