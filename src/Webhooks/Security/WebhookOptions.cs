namespace NetKAN.Bus.Webhooks.Security;

/// <summary>Configuration section <c>Webhooks</c>: secrets, signature policy, source allow-lists and the body limit.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    public const long DefaultMaxBodyBytes = 5 * 1024 * 1024;

    /// <summary>The secret GitHub signs push and release deliveries with (the original's <c>XKAN_GHSECRET</c>).
    /// Without it every GitHub route refuses to work.</summary>
    public string? GitHubSecret { get; set; }

    /// <summary>Accept the legacy <c>X-Hub-Signature</c> (HMAC-SHA1) when a delivery has no SHA-256 signature.</summary>
    public bool AllowSha1Signatures { get; set; }

    /// <summary>Per route group, the CIDRs allowed to call it; an empty list allows every source.</summary>
    public AllowedSourceLists AllowedSources { get; set; } = new();

    /// <summary>Take the client address from <c>X-Forwarded-For</c> (behind the nginx proxy) instead of the socket.</summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>Largest request body accepted; bigger bodies get 413.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;
}

public sealed class AllowedSourceLists
{
    /// <summary><c>/gh/inflate</c>, <c>/gh/release</c>, <c>/gh/mirror</c>.</summary>
    public List<string> GitHub { get; set; } = [];

    /// <summary><c>/sd/inflate</c>, <c>/sd/add</c>.</summary>
    public List<string> SpaceDock { get; set; } = [];

    /// <summary><c>/inflate</c>.</summary>
    public List<string> Inflate { get; set; } = [];
}
