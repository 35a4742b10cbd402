using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.Support;

/// <summary>
/// Answers the GitHub GraphQL batch the stages send (one aliased <c>repository(owner:, name:)</c> field per repository,
/// as the auto-freezer and the download counter ask): each alias gets what the test's lookup gives for that repository.
/// </summary>
public static partial class GraphQlRepositoryBatch
{
    public static async Task<IResult> AnswerAsync(HttpRequest request, Func<string, string, JsonNode?> repository)
    {
        var query = (await JsonNode.ParseAsync(request.Body))!["query"]!.GetValue<string>();
        var data = new JsonObject();
        foreach (Match field in RepositoryField().Matches(query))
        {
            data[field.Groups[1].Value] = repository(field.Groups[2].Value, field.Groups[3].Value);
        }
        return FakeServer.Json(new JsonObject { ["data"] = data }.ToJsonString());
    }

    /// <summary>How many repositories one query asks for.</summary>
    public static int RepositoryCount(string query) => RepositoryField().Matches(query).Count;

    [GeneratedRegex("""(\w+): repository\(owner: "([^"]+)", name: "([^"]+)"\)""")]
    private static partial Regex RepositoryField();
}
