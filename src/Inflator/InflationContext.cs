using NetKAN.Bus.Inflator.Downloads;
using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Metadata.Versions;

namespace NetKAN.Bus.Inflator;

/// <summary>
/// State shared by every document and transformer of one inflation (the original's mutable TransformOptions plus
/// its per-message log capture): options, staging, the flaky-host flag, warnings, and the downloads made so far.
/// </summary>
internal sealed class InflationContext : IDisposable
{
    private readonly List<string> _warnings = [];
    private readonly List<string> _stagingReasons = [];
    private readonly object _gate = new();

    public InflationContext(string identifier, GameId game, int releases, ModuleVersion? highestVersion,
        ModuleVersion? highestVersionPrerelease, bool staged, string? stagingReason)
    {
        Identifier = identifier;
        Game = game;
        Releases = releases;
        HighestVersion = highestVersion;
        HighestVersionPrerelease = highestVersionPrerelease;
        Staged = staged;
        if (!string.IsNullOrWhiteSpace(stagingReason))
        {
            _stagingReasons.Add(stagingReason);
        }
    }

    public string Identifier { get; }
    public GameId Game { get; }
    public int Releases { get; }
    public ModuleVersion? HighestVersion { get; }
    public ModuleVersion? HighestVersionPrerelease { get; }
    public bool Staged { get; private set; }

    /// <summary>Set by the GitHub source: out-of-order versions fail instead of staging.</summary>
    public bool FlakyApi { get; set; }

    /// <summary>Downloads made or reused during this inflation, by URL.</summary>
    public Dictionary<string, CachedDownload> Downloads { get; } = new(StringComparer.Ordinal);

    /// <summary>URLs newly downloaded during this inflation; purged from the cache when it fails.</summary>
    public HashSet<string> FreshDownloads { get; } = new(StringComparer.Ordinal);

    /// <summary>Zips opened during this inflation, by cache path; disposed when it ends.</summary>
    public Dictionary<string, Install.PackageContents> OpenPackages { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_gate)
            {
                return _warnings.ToList();
            }
        }
    }

    public IReadOnlyList<string> StagingReasons
    {
        get
        {
            lock (_gate)
            {
                return _stagingReasons.ToList();
            }
        }
    }

    /// <summary>Records a warning once (the WarningMessages attribute is de-duplicated).</summary>
    public void Warn(string message)
    {
        lock (_gate)
        {
            if (!_warnings.Contains(message))
            {
                _warnings.Add(message);
            }
        }
    }

    public void Stage(string reason)
    {
        lock (_gate)
        {
            Staged = true;
            _stagingReasons.Add(reason);
        }
    }

    public void AddStagingReason(string reason)
    {
        lock (_gate)
        {
            _stagingReasons.Add(reason);
        }
    }

    public void Dispose()
    {
        lock (OpenPackages)
        {
            foreach (var contents in OpenPackages.Values)
            {
                contents.Dispose();
            }
            OpenPackages.Clear();
        }
    }
}
