using Microsoft.Playwright;

namespace NetKAN.Bus.Webhooks.Tests.Support;

/// <summary>
/// Debian's Chromium (<c>apt-get install -y chromium</c>), driven by Playwright. Playwright's own browser download is
/// never used. Missing Chromium fails the browser tests under CI (CI=true) and skips them elsewhere.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    public static bool Installed => File.Exists(ExecutablePath);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string MissingMessage =>
        $"Chromium is not installed at {ExecutablePath}; install it with 'apt-get install -y chromium' (never 'playwright install').";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(Installed, MissingMessage);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Args,
            Timeout = 60_000,
        });
    }

    /// <summary>Where screenshots go: <c>bin/&lt;config&gt;/net10.0/artifacts/</c> next to the test assembly.</summary>
    public static string Artifact(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }
}

/// <summary>A fact that needs Chromium: skipped with the reason when it is missing outside CI; run (and failing clearly) in CI.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        Timeout = 180_000; // a browser that stops answering fails the test instead of hanging the run
        if (!Chromium.Installed && !Chromium.InCi)
        {
            Skip = Chromium.MissingMessage;
        }
    }
}
