namespace NetKAN.Bus.Services.Roles;

/// <summary>What one <c>netkan</c> process runs: which roles, on which transport, with which status store.</summary>
public sealed record HostSettings
{
    /// <summary>Role names (see <see cref="RoleCatalog"/>).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary><c>inmemory</c> (one process) or <c>sqs</c> (between processes).</summary>
    public string Transport { get; init; } = "inmemory";

    /// <summary><c>sqlite</c> (file under the data folder), <c>memory</c>, or <c>dynamodb</c>.</summary>
    public string Store { get; init; } = "sqlite";

    /// <summary>Where local state lives (SQLite file, repos, cache) for the embedded defaults.</summary>
    public string DataDir { get; init; } = Path.Combine(Environment.CurrentDirectory, ".data");

    /// <summary>Where the HTTP roles listen when neither <see cref="Urls"/> nor the ASP.NET <c>urls</c> setting says.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Kestrel URLs for roles that serve HTTP (webhooks, dashboard); default <see cref="DefaultUrls"/>.</summary>
    public string? Urls { get; init; }
}
