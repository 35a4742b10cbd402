using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Lifecycle;
using NetKAN.Bus.Contracts.Queues;
using NetKAN.Bus.Sagas.Recording;
using NetKAN.Bus.Services.Git;
using NetKAN.Bus.Services.ModCatalog;

namespace NetKAN.Bus.Webhooks.Tests.Support;

/// <summary>
/// A small NetKAN repository in memory standing in for the git-backed ports: does what the real
/// IInflationRequests promises (sends an InflateMod with the netkan text, records InflationRequested) and answers
/// the catalog's questions.
/// </summary>
public sealed class FakeNetkans(ContractSender sender, IModLifecycle lifecycle, TimeProvider time) : IInflationRequests, INetkanCatalog, ICkanMetaFiles
{
    public const string KspNetKanRef = "refs/heads/master";
    public const string KspCkanMetaRef = "refs/heads/master";
    public const string Ksp2NetKanRef = "refs/heads/main";

    /// <summary>(game, identifier) → (netkan text, frozen, SpaceDock id).</summary>
    public static readonly Dictionary<(GameId, string), (string Text, bool Frozen, string? SpaceDockId)> Netkans = new()
    {
        [(GameId.Ksp, "Astrogator")] = (Netkan("Astrogator", "#/ckan/github/HebaruSan/Astrogator"), false, null),
        [(GameId.Ksp, "DogeCoinFlag")] = (Netkan("DogeCoinFlag", "#/ckan/spacedock/269"), false, "269"),
        [(GameId.Ksp, "DogeCoinFlag-Extra")] = (Netkan("DogeCoinFlag-Extra", "#/ckan/spacedock/269"), false, "269"),
        [(GameId.Ksp, "OldSpaceDockMod")] = (Netkan("OldSpaceDockMod", "#/ckan/spacedock/12"), true, "12"),
        [(GameId.Ksp, "KerbalEngineerRedux")] = (Netkan("KerbalEngineerRedux", "#/ckan/github/jrbudda/KerbalEngineer"), false, null),
        [(GameId.Ksp, "ScienceAlert")] = (Netkan("ScienceAlert", "#/ckan/github/DennyTX/ScienceAlert"), true, null),
        [(GameId.Ksp2, "SpaceWarp")] = (Netkan("SpaceWarp", "#/ckan/spacedock/3257"), false, "3257"),
    };

    /// <summary>The .ckan files of the fake CKAN-meta repositories (those the push fixture names, and one KSP2 file).</summary>
    public static readonly HashSet<(GameId, string)> CkanFiles =
    [
        (GameId.Ksp, "Astrogator/Astrogator-v1.0.0.ckan"),
        (GameId.Ksp, "DogeCoinFlag/DogeCoinFlag-v1.0.1.ckan"),
        (GameId.Ksp, "DogeCoinFlag/DogeCoinFlag-v1.0.2.ckan"),
        (GameId.Ksp2, "SpaceWarp/SpaceWarp-1.9.0.ckan"),
    ];

    public List<(GameId Game, IReadOnlyList<string> Identifiers, string Source)> Requests { get; } = [];

    public static string Netkan(string identifier, string kref) =>
        $"{{\n    \"spec_version\": \"v1.18\",\n    \"identifier\": \"{identifier}\",\n    \"$kref\": \"{kref}\",\n    \"license\": \"MIT\"\n}}\n";

    public async Task<InflationRequestOutcome> RequestAsync(GameId game, IReadOnlyList<string> identifiers, string source,
        CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add((game, identifiers, source));
        }
        var sent = new List<string>();
        var unknown = new List<string>();
        var frozen = new List<string>();
        foreach (var identifier in identifiers)
        {
            if (!Netkans.TryGetValue((game, identifier), out var netkan))
            {
                unknown.Add(identifier);
            }
            else if (netkan.Frozen)
            {
                frozen.Add(identifier);
            }
            else
            {
                await sender.SendAsync(new InflateMod(game, netkan.Text, "1.0.0"), cancellationToken);
                await lifecycle.RecordAsync(new InflationRequested(game, identifier, time.GetUtcNow(), source, "1.0.0"), cancellationToken);
                sent.Add(identifier);
            }
        }
        return new InflationRequestOutcome(sent, unknown, frozen);
    }

    public Task<IReadOnlyList<string>> FindBySpaceDockIdAsync(GameId game, string modId, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> found = Netkans
            .Where(x => x.Key.Item1 == game && !x.Value.Frozen && x.Value.SpaceDockId == modId)
            .Select(x => x.Key.Item2)
            .Order(StringComparer.Ordinal)
            .ToList();
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<string>> ExistingAsync(GameId game, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(paths.Where(path => CkanFiles.Contains((game, path))).ToList());

    public Task<string> PrimaryBranchRefAsync(GameId game, RepositoryKind repository, CancellationToken cancellationToken) =>
        Task.FromResult(game == GameId.Ksp2 ? Ksp2NetKanRef : repository == RepositoryKind.NetKan ? KspNetKanRef : KspCkanMetaRef);
}
