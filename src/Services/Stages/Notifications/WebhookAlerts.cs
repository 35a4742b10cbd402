using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NetKAN.Bus.Contracts.Alerts;
using NetKAN.Bus.Services.Upstreams;

namespace NetKAN.Bus.Services.Notifications;

/// <summary>
/// Sends alerts to the configured Discord and/or JSON webhook from a background loop: <see cref="Raise"/> only
/// enqueues. Discord messages are cut into 2000-character pieces, multi-line text fenced in ``` as the original's
/// DiscordLogHandler did. A failed delivery is logged (as a warning, so it cannot alert about itself) and dropped.
/// </summary>
public sealed class WebhookAlerts : BackgroundService, IAlerts
{
    public const int DiscordLimit = 2000;

    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    private readonly IHttpClientFactory _http;
    private readonly NotificationOptions _options;
    private readonly AlertGate _gate;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookAlerts> _logger;

    public WebhookAlerts(IHttpClientFactory http, IOptions<NotificationOptions> options, TimeProvider time, ILogger<WebhookAlerts> logger)
    {
        _http = http;
        _options = options.Value;
        _gate = new AlertGate(_options.MaxPerMinute, _options.DuplicateWindow, time);
        _time = time;
        _logger = logger;
    }

    public void Raise(Alert alert) => _queue.Writer.TryWrite(alert);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var alert in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!_gate.Admit($"{alert.Kind}\n{alert.Text}", out var suppressed))
            {
                continue;
            }
            if (suppressed > 0)
            {
                await SendAsync(new Alert(AlertKind.UncaughtException, $"{suppressed} alert(s) were not sent (more than {_options.MaxPerMinute} a minute)"),
                    stoppingToken).ConfigureAwait(false);
            }
            await SendAsync(alert, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(Alert alert, CancellationToken cancellationToken)
    {
        var client = _http.CreateClient(ServiceHttp.ClientName);
        if (!string.IsNullOrWhiteSpace(_options.DiscordWebhook))
        {
            foreach (var piece in DiscordPieces(alert.Text))
            {
                await PostAsync(client, _options.DiscordWebhook, new JsonObject { ["content"] = piece }, cancellationToken).ConfigureAwait(false);
            }
        }
        if (!string.IsNullOrWhiteSpace(_options.JsonWebhook))
        {
            await PostAsync(client, _options.JsonWebhook, new JsonObject
            {
                ["kind"] = alert.Kind.ToString(),
                ["text"] = alert.Text,
                ["game"] = alert.Game?.Value,
                ["identifier"] = alert.Identifier,
                ["time"] = _time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PostAsync(HttpClient client, string url, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var reply = await client.PostAsJsonAsync(url, body, timeout.Token).ConfigureAwait(false);
            if (!reply.IsSuccessStatusCode)
            {
                _logger.LogWarning("Alert webhook {Host} answered HTTP {Status}", new Uri(url).Host, (int)reply.StatusCode);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Alert webhook {Host} failed: {Problem}", new Uri(url).Host, e.Message);
        }
    }

    /// <summary>The original's splitting: multi-line text in ``` fences, pieces of at most 2000 characters.</summary>
    public static IReadOnlyList<string> DiscordPieces(string text)
    {
        var fenced = text.Contains('\n');
        var size = fenced ? DiscordLimit - 6 : DiscordLimit;
        var pieces = new List<string>();
        for (var start = 0; start < Math.Max(1, text.Length); start += size)
        {
            var piece = text.Substring(start, Math.Min(size, text.Length - start));
            pieces.Add(fenced ? $"```{piece}```" : piece);
        }
        return pieces;
    }
}
