using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NetKAN.Bus.TestSupport;

/// <summary>
/// The one way tests start a host: in-memory settings (defaults first, each later call overrides), service
/// registrations and overrides, then either the application's own builder (for netkan: NetkanHost.Build with the
/// roles under test) or a bare generic host holding only the registered services (a library such as the Inflator).
/// </summary>
public sealed class TestHostBuilder
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Action<IServiceCollection, IConfiguration>> _services = [];

    /// <summary>Builds the application's host from the configuration sources and the last-word service registrations
    /// this builder hands it.</summary>
    public delegate IHost Application(Action<IConfigurationBuilder> configuration, Action<IServiceCollection> services);

    public TestHostBuilder With(IEnumerable<KeyValuePair<string, string?>>? settings)
    {
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }
        return this;
    }

    public TestHostBuilder Services(Action<IServiceCollection>? configure) =>
        configure is null ? this : Services((services, _) => configure(services));

    /// <summary>Registrations that read the test's settings (e.g. a library's <c>AddXxx(configuration)</c>).</summary>
    public TestHostBuilder Services(Action<IServiceCollection, IConfiguration> configure)
    {
        _services.Add(configure);
        return this;
    }

    /// <summary>Starts the application's own host with these settings and services.</summary>
    public Task<TestHost> StartAsync(Application build) =>
        TestHost.StartAsync(build(c => c.AddInMemoryCollection(_settings), RegisterServices));

    /// <summary>Starts a bare generic host: only the services registered here, no application defaults.</summary>
    public Task<TestHost> StartAsync() => StartAsync((configuration, services) =>
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        configuration(builder.Configuration);
        services(builder.Services);
        return builder.Build();
    });

    private void RegisterServices(IServiceCollection services)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        foreach (var configure in _services)
        {
            configure(services, configuration);
        }
    }
}
