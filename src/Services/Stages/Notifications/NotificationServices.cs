using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Notifications;

/// <summary>The alert sink of every host: webhooks when <c>Notifications:*</c> names one, else none.</summary>
public static class NotificationServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(NotificationOptions.Section).Get<NotificationOptions>() ?? new NotificationOptions();
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        if (!options.Enabled)
        {
            services.TryAddSingleton<IAlerts>(NoAlerts.Instance);
            return;
        }
        ServiceHttp.Add(services, configuration);
        services.TryAddSingleton<WebhookAlerts>();
        services.TryAddSingleton<IAlerts>(sp => sp.GetRequiredService<WebhookAlerts>());
        services.AddHostedService(sp => sp.GetRequiredService<WebhookAlerts>());
    }
}
