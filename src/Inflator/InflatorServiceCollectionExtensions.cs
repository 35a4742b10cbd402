using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Configuration;
using NetKAN.Bus.Contracts.GitHub;
using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Inflator.Http;
using NetKAN.Bus.Inflator.Sources;
using NetKAN.Bus.Inflator.Transformers;
using NetKAN.Bus.Inflator.Validators;
using NetKAN.Bus.Metadata.Validation;

namespace NetKAN.Bus.Inflator;

public static class InflatorServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IInflator"/> and everything behind it: options bound from <c>Upstreams:*</c>
    /// (<see cref="UpstreamOptions"/>), <c>GitHub:*</c> (<see cref="GitHubOptions"/>, read through <see cref="GitHubClientFactory"/>) and <c>Inflator:*</c>
    /// (<see cref="InflatorOptions"/>, e.g. <c>Inflator:CacheDir</c>); HTTP clients from IHttpClientFactory.
    /// </summary>
    public static IServiceCollection AddInflator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UpstreamOptions>().Configure(o => Bind(configuration.GetSection(UpstreamOptions.Section), o));
        services.AddOptions<GitHubOptions>().Configure(o => Bind(configuration.GetSection(GitHubOptions.Section), o));
        services.AddOptions<InflatorOptions>().Configure(o => Bind(configuration.GetSection(InflatorOptions.Section), o));
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddHttpClient(UpstreamHttp.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = true,
                MaxAutomaticRedirections = 10,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            })
            .ConfigureHttpClient(c =>
            {
                c.Timeout = Timeout.InfiniteTimeSpan;
                // Buffered answers (APIs, remote .version files, metanetkans) only; package downloads are streamed.
                c.MaxResponseContentBufferSize = UpstreamHttp.MaxTextBytes;
            });
        services.AddHttpClient(UpstreamHttp.NoRedirectClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        // The same factory the catalog and the stages register (a host that has one keeps it).
        services.TryAddSingleton(sp => new GitHubClientFactory(
            sp.GetRequiredService<IOptions<GitHubOptions>>().Value, sp.GetRequiredService<IOptions<UpstreamOptions>>().Value));
        services.TryAddSingleton<UpstreamHttp>();
        // A host registers its own layout first (one rule for every role); alone, Inflator:CacheDir or ~/.cache/netkan/downloads.
        services.TryAddSingleton(sp => new DownloadCacheLayout(sp.GetRequiredService<IOptions<InflatorOptions>>().Value.ResolveCacheDir()));
        services.TryAddSingleton<DownloadCache>();
        services.TryAddSingleton<PackageService>();
        services.TryAddSingleton<SpaceDockApi>();
        services.TryAddSingleton<GitHubApi>();
        services.TryAddSingleton<InflationPipeline>();
        services.TryAddSingleton(_ => CkanSchemaValidator.Default);
        services.TryAddSingleton<CkanValidator>();
        services.TryAddSingleton<IInflator, Inflator>();
        return services;
    }

    private static void Bind(IConfiguration section, UpstreamOptions o)
    {
        o.SpaceDock = section[nameof(o.SpaceDock)] ?? o.SpaceDock;
        o.GitHubApi = section[nameof(o.GitHubApi)] ?? o.GitHubApi;
        o.GitHub = section[nameof(o.GitHub)] ?? o.GitHub;
        o.GitHubGraphQl = section[nameof(o.GitHubGraphQl)] ?? o.GitHubGraphQl;
        foreach (var host in section.GetSection(nameof(o.Gitea)).GetChildren())
        {
            if (host.Value is { } url)
            {
                o.Gitea[host.Key] = url;
            }
        }
    }

    private static void Bind(IConfiguration section, GitHubOptions o)
    {
        o.Token = section[nameof(o.Token)] ?? o.Token;
        o.ApiUrl = section[nameof(o.ApiUrl)] ?? o.ApiUrl;
    }

    private static void Bind(IConfiguration section, InflatorOptions o)
    {
        o.CacheDir = section[nameof(o.CacheDir)] ?? o.CacheDir;
        o.UserAgent = section[nameof(o.UserAgent)] ?? o.UserAgent;
        o.TextTimeout = Time(section[nameof(o.TextTimeout)]) ?? o.TextTimeout;
        o.DownloadTimeout = Time(section[nameof(o.DownloadTimeout)]) ?? o.DownloadTimeout;
        o.RetryDelay = Time(section[nameof(o.RetryDelay)]) ?? o.RetryDelay;
        o.TextCacheLifetime = Time(section[nameof(o.TextCacheLifetime)]) ?? o.TextCacheLifetime;
        o.TextRetries = int.TryParse(section[nameof(o.TextRetries)], out var retries) ? retries : o.TextRetries;
        o.RemoteAvc = bool.TryParse(section[nameof(o.RemoteAvc)], out var remote) ? remote : o.RemoteAvc;
    }

    private static TimeSpan? Time(string? text) =>
        TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
}
