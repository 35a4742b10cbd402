using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Contracts.Alerts;

/// <summary>What an alert is about (the original sent these to Discord as ERROR logs).</summary>
public enum AlertKind
{
    InflationError,
    Warnings,
    SpaceDockNotice,
    DownloadTop,
    UncaughtException,
}

/// <summary>One thing the team should hear about. <see cref="Text"/> is what de-duplication compares.</summary>
public sealed record Alert(AlertKind Kind, string Text, GameId? Game = null, string? Identifier = null);

/// <summary>
/// Where alerts go (a Discord webhook, a JSON webhook, or nowhere). Never blocks or throws: delivery happens in the
/// background, rate-limited and de-duplicated.
/// </summary>
public interface IAlerts
{
    void Raise(Alert alert);
}

/// <summary>The sink of a process without notification targets.</summary>
public sealed class NoAlerts : IAlerts
{
    public static readonly NoAlerts Instance = new();

    public void Raise(Alert alert)
    {
    }
}
