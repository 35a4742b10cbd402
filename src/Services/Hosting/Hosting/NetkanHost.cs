using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Lifecycle;
using NetKAN.Bus.Sagas.Persistence;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Lifecycle;
using NetKAN.Bus.Services.Roles;
using NetKAN.Bus.Services.Transport;
using NetKAN.Bus.Webhooks.Api;
using Serilog;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>
/// Builds a <c>netkan</c> process: configuration (appsettings.json, environment, command line), Serilog,
/// the status store, the transport, the MassTransit bus with the ModLifecycle saga, and the chosen roles.
/// </summary>
public static class NetkanHost
{
    /// <param name="settings">Roles, transport, store, data folder.</param>
    /// <param name="configurationArgs">Command-line style configuration overrides (<c>--Key=Value</c>).</param>
    /// <param name="configureConfiguration">Extra configuration sources (tests, demo).</param>
    /// <param name="configureServices">Last-word service overrides (tests, demo).</param>
    /// <param name="extraRoles">Roles not in the catalog (tests, replay).</param>
    /// <param name="testHarness">Register the bus through MassTransit's test harness (replay, tests).</param>
    public static IHost Build(HostSettings settings, string[]? configurationArgs = null,
        Action<IConfigurationBuilder>? configureConfiguration = null,
        Action<IServiceCollection>? configureServices = null,
        IEnumerable<INetkanRole>? extraRoles = null,
        bool testHarness = false)
    {
        var roles = settings.Roles.Select(RoleCatalog.Find).Concat(extraRoles ?? []).DistinctBy(x => x.Name).ToList();
        var web = roles.Any(x => x.ServesHttp);
        var args = configurationArgs ?? [];

        IHostApplicationBuilder builder = web
            ? WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory })
            : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configureConfiguration?.Invoke(builder.Configuration);

        AddCore(builder.Services, builder.Configuration, settings, roles, testHarness);
        configureServices?.Invoke(builder.Services);

        if (builder is WebApplicationBuilder webBuilder)
        {
            // --urls wins, then the usual ASP.NET "urls" setting (ASPNETCORE_URLS, --urls=…), then our default port.
            var urls = settings.Urls ?? (string.IsNullOrEmpty(builder.Configuration["urls"]) ? HostSettings.DefaultUrls : null);
            if (urls is not null)
            {
                webBuilder.WebHost.UseUrls(urls);
            }
            var app = webBuilder.Build();
            app.UseSecurityHeaders(); // CSP, no framing, no sniffing: on every answer, errors included
            app.UseJsonErrors(); // every HTTP role answers errors as {"error": "…"} with a real status code
            foreach (var role in roles.Where(x => x.ServesHttp))
            {
                role.MapRoutes(app);
            }
            return app;
        }
        return ((HostApplicationBuilder)builder).Build();
    }

    private static void AddCore(IServiceCollection services, IConfiguration configuration, HostSettings settings,
        IReadOnlyList<INetkanRole> roles, bool testHarness)
    {
        services.AddSerilog((provider, log) => log
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(provider)
            .Enrich.FromLogContext()
            // Last, so it sees every value: text from callers (identifiers, paths) cannot forge log lines.
            .Enrich.With<ControlCharacterEscaper>()
            // Logs go to stderr so command output on stdout (tables, .ckan text, JSON) stays clean.
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose),
            // Each host keeps its own logger: with the static Log.Logger, hosts side by side in one process (tests)
            // would write to whichever host was built last.
            preserveStaticLogger: true);

        services.AddSingleton(settings);
        services.AddSingleton(new Storage.DataFolder(settings.DataDir));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(HostDownloadCache.Layout(configuration, settings));

        var queues = configuration.GetSection(QueueNames.Section).Get<QueueNames>() ?? new QueueNames();
        services.AddSingleton(queues);
        services.AddSingleton<ContractSender>();
        services.Configure<JournalOptions>(configuration.GetSection(JournalOptions.Section));
        services.AddSingleton<QueueJournal>();
        services.AddSingleton<QueueDispatcher>();
        var bindings = roles.SelectMany(x => x.Bindings(queues)).ToList();
        foreach (var binding in bindings)
        {
            services.AddSingleton(binding);
        }

        StatusStores.Add(services, configuration, settings);
        services.Configure<LifecycleOptions>(configuration.GetSection(LifecycleOptions.Section));
        if (configuration[$"{LifecycleOptions.Section}:{nameof(LifecycleOptions.RequestMirroring)}"] is null
            && !MirrorsReachable(settings, queues, bindings))
        {
            // One process on in-memory queues and no mirrorer in it: a MirrorMod would only fill the Mirroring queue
            // until it refuses every status update that asks for one. Hosting decides this default, not the saga;
            // an explicit Lifecycle:RequestMirroring wins.
            services.PostConfigure<LifecycleOptions>(o => o.RequestMirroring = false);
        }
        services.AddSingleton<ILifecycleCommands, LifecycleCommands>();
        services.AddSingleton<DispatchingModLifecycle>();
        services.AddSingleton<JournalingModLifecycle>();
        Notifications.NotificationServices.Add(services, configuration);
        services.AddSingleton<Serilog.Core.ILogEventSink, AlertLogSink>(); // errors with exceptions become alerts
        services.AddSingleton<IModLifecycle>(sp => new Notifications.AlertingModLifecycle(
            sp.GetRequiredService<JournalingModLifecycle>(), sp.GetRequiredService<IModStateStore>(),
            sp.GetRequiredService<Contracts.Alerts.IAlerts>()));

        foreach (var role in roles)
        {
            role.AddServices(services, configuration, settings);
        }

        services.AddModLifecycleSaga();
        Action<IBusRegistrationConfigurator> configureBus = bus =>
        {
            foreach (var role in roles)
            {
                role.AddConsumers(bus);
            }
            // Queue traffic enters through QueueDispatcher (IReceiveEndpointDispatcher); nothing is routed by the
            // bus itself, so no ConfigureEndpoints. Dispatched messages carry their decoded contract as a payload.
            bus.UsingInMemory((_, cfg) => cfg.AddDeserializer(new DecodedContractDeserializer(), isDefault: false));
        };
        if (testHarness)
        {
            services.AddMassTransitTestHarness(configureBus);
        }
        else
        {
            services.AddMassTransit(configureBus);
        }

        // After the bus: hosted services stop in reverse order, so the transport drains its in-flight messages
        // before the bus they are dispatched into stops.
        Transports.Add(services, configuration, settings);
    }

    /// <summary>Over SQS any process's MirrorMod reaches the mirrorer role wherever it runs; in memory only this
    /// process's own roles can take it off the queue.</summary>
    private static bool MirrorsReachable(HostSettings settings, QueueNames queues, IReadOnlyList<QueueBinding> bindings) =>
        !string.Equals(settings.Transport, "inmemory", StringComparison.OrdinalIgnoreCase)
        || bindings.Any(b => b.Queue == queues.Mirroring);
}
