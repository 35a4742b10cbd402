using System.Text.Json;
using NetKAN.Bus.Webhooks.Api;

namespace NetKAN.Bus.Webhooks.Routes;

/// <summary>The parts of a GitHub <c>push</c> delivery the webhooks use: the ref and the files each commit touched.</summary>
public sealed record GitHubPush(string Ref, string? After, IReadOnlyList<GitHubPushCommit> Commits)
{
    public static GitHubPush Parse(JsonElement payload)
    {
        if (!payload.TryGetProperty("ref", out var refElement) || refElement.ValueKind != JsonValueKind.String
            || string.IsNullOrEmpty(refElement.GetString()))
        {
            throw ApiProblem.BadRequest("Field \"ref\" is required in a push payload");
        }
        var after = payload.TryGetProperty("after", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        var commits = new List<GitHubPushCommit>();
        if (payload.TryGetProperty("commits", out var list) && list.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
        {
            throw ApiProblem.BadRequest($"Field \"commits\" must be a list of commit objects, not {list.ValueKind}");
        }
        if (list.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var commit in list.EnumerateArray())
            {
                if (commit.ValueKind != JsonValueKind.Object)
                {
                    throw ApiProblem.BadRequest($"Field \"commits\" must be a list of commit objects; entry {index} is {commit.ValueKind}");
                }
                index++;
                commits.Add(new GitHubPushCommit(
                    commit.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "",
                    Files(commit, "added"),
                    Files(commit, "modified"),
                    Files(commit, "removed")));
            }
        }
        return new GitHubPush(refElement.GetString()!, after, commits);
    }

    /// <summary>Paths added or modified by any commit, first occurrence order, no repeats (removed files are ignored).</summary>
    public IReadOnlyList<string> AddedOrModified() =>
        Commits.SelectMany(c => c.Added.Concat(c.Modified)).Distinct(StringComparer.Ordinal).ToList();

    public IReadOnlyList<string> Added() =>
        Commits.SelectMany(c => c.Added).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>A short name for logs and InflationRequested sources: the pushed head commit.</summary>
    public string ShortHead => After is { Length: >= 7 } sha ? sha[..7] : After ?? "?";

    private static IReadOnlyList<string> Files(JsonElement commit, string name) =>
        commit.TryGetProperty(name, out var files) && files.ValueKind == JsonValueKind.Array
            ? files.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
}

public sealed record GitHubPushCommit(string Id, IReadOnlyList<string> Added, IReadOnlyList<string> Modified, IReadOnlyList<string> Removed);
