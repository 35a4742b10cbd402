using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Aws;
using NetKAN.Bus.Services.ModCatalog;
using NetKAN.Bus.Services.Status;

namespace NetKAN.Bus.Services.Roles;

/// <summary>
/// <c>status-dumper</c>: every few minutes, exports all mods of each game in the original status JSON format to the
/// status bucket (read by the status page) and/or a folder. Consumes no queue.
/// </summary>
public sealed class StatusDumperRole : INetkanRole
{
    public string Name => "status-dumper";

    public string Description => "Writes status/netkan.json and status/netkan-ksp2.json to S3 and/or a folder every StatusDumper:Interval.";

    public void AddServices(IServiceCollection services, IConfiguration configuration, HostSettings settings)
    {
        AddDumper(services, configuration);
        services.AddHostedService<StatusDumperService>();
    }

    /// <summary>The dumper alone (also used by <c>netkan status dump</c>).</summary>
    public static void AddDumper(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StatusDumperOptions>(configuration.GetSection(StatusDumperOptions.Section));
        services.TryAddSingleton<IAmazonS3>(_ => AwsClients.S3(AwsSettings.From(configuration)));
        services.TryAddSingleton<StatusDumper>();
    }
}
