using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NetKAN.Bus.Services.Tests.Support;
using NetKAN.Bus.Services.TicketCloser;
using NetKAN.Bus.TestSupport;

namespace NetKAN.Bus.Services.Tests.TicketCloser;

/// <summary>The ticket closer against a loopback GitHub REST API: which support issues it closes, and exactly how.</summary>
public sealed class TicketCloserTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TempDir _dir = new("netkan-tickets");
    private FakeServer _gitHub = null!;
    private ServicesHarness _host = null!;

    // repo → issues (number, title, author, comment authors, last update)
    private readonly Dictionary<string, (int Number, string Title, string Author, string[] Commenters, DateTimeOffset Updated)[]> _issues = new()
    {
        ["CKAN"] =
        [
            (1, "Nobody answered", "alice", [], Now.AddDays(-30)),
            (2, "Author replied last", "bob", ["helper", "bob"], Now.AddDays(-30)),
            (3, "Recently updated", "carol", ["helper"], Now.AddDays(-2)),
            (4, "Stale question", "dave", ["dave", "helper"], Now.AddDays(-10)),
        ],
        ["NetKAN"] =
        [
            (5, "Old NetKAN question", "erin", ["helper"], Now.AddDays(-8)),
        ],
    };

    public async Task InitializeAsync()
    {
        _gitHub = await FakeServer.StartAsync((app, _) => Map(app));
        _host = await ServicesHarness.StartAsync(_dir.Combine("data"), new Dictionary<string, string?>
        {
            ["GitHub:ApiUrl"] = _gitHub.Url,
            ["GitHub:Token"] = "test-token",
            ["TicketCloser:Owner"] = "TestOrg",
            ["TicketCloser:RunOnSchedule"] = "false",
        }, "ticket-closer");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _gitHub.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Only_stale_answered_tickets_are_commented_on_and_closed_as_not_planned()
    {
        var decisions = await _host.Services.GetRequiredService<StaleTicketCloser>().CloseStaleAsync(null, ServicesHarness.Timeout);

        Assert.Equal(
        [
            ("CKAN", 1L, "skipped (no comments)"),
            ("CKAN", 2L, "skipped (author comment)"),
            ("CKAN", 3L, "skipped (recent update)"),
            ("CKAN", 4L, "closed"),
            ("NetKAN", 5L, "closed"),
        ], decisions.Select(x => (x.Repository, x.Number, x.Outcome)));

        var comments = _gitHub.Requests.Where(x => x.Method == "POST" && x.Path.EndsWith("/comments", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/api/v3/repos/TestOrg/CKAN/issues/4/comments", "/api/v3/repos/TestOrg/NetKAN/issues/5/comments"], comments.Select(x => x.Path));
        Assert.All(comments, c => Assert.Equal(
            "Hey there! I'm a fun-loving automated bot who's responsible for making sure old support tickets get closed out. "
            + "As we haven't seen any activity on this ticket for a while, we're hoping the problem has been resolved and I'm "
            + "closing out the ticket automatically. If I'm doing this in error, please add a comment to this ticket to let us "
            + "know, and we'll re-open it!\n", c.Json!["body"]!.GetValue<string>()));

        var closes = _gitHub.Requests.Where(x => x.Method == "PATCH").ToList();
        Assert.Equal(["/api/v3/repos/TestOrg/CKAN/issues/4", "/api/v3/repos/TestOrg/NetKAN/issues/5"], closes.Select(x => x.Path));
        Assert.All(closes, c =>
        {
            Assert.Equal("closed", c.Json!["state"]!.GetValue<string>());
            Assert.Equal("not_planned", c.Json["state_reason"]!.GetValue<string>());
            // Only these two keys, as the original's issue.edit: a "milestone": null would clear the milestone.
            Assert.Equal(["state", "state_reason"], c.Json.AsObject().Select(x => x.Key).Order(StringComparer.Ordinal));
        });

        var lists = _gitHub.Requests.Where(x => x.Method == "GET" && x.Path.EndsWith("/issues", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/api/v3/repos/TestOrg/CKAN/issues", "/api/v3/repos/TestOrg/NetKAN/issues"], lists.Select(x => x.Path));
        Assert.All(lists, l =>
        {
            Assert.Contains("state=open", l.Query, StringComparison.Ordinal);
            Assert.Contains("labels=support", l.Query, StringComparison.Ordinal);
            Assert.Contains("assignee=none", l.Query, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_longer_days_limit_leaves_the_eight_day_old_ticket_open()
    {
        var decisions = await _host.Services.GetRequiredService<StaleTicketCloser>().CloseStaleAsync(9, ServicesHarness.Timeout);

        Assert.Equal([4L], decisions.Where(x => x.Closed).Select(x => x.Number));
        Assert.Equal("skipped (recent update)", decisions.Single(x => x.Number == 5).Outcome);
        Assert.DoesNotContain(_gitHub.Requests, x => x.Path.Contains("/NetKAN/issues/5", StringComparison.Ordinal) && x.Method != "GET");
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/api/v3/repos/{owner}/{repo}/issues", (string owner, string repo) =>
            FakeServer.Json(new JsonArray(_issues.GetValueOrDefault(repo, []).Select(i => (JsonNode?)Issue(owner, repo, i)).ToArray()).ToJsonString()));
        app.MapGet("/api/v3/repos/{owner}/{repo}/issues/{number:int}/comments", (string owner, string repo, int number) =>
        {
            var issue = _issues[repo].Single(x => x.Number == number);
            return FakeServer.Json(new JsonArray(issue.Commenters.Select((login, i) => (JsonNode?)new JsonObject
            {
                ["id"] = number * 100 + i,
                ["body"] = "a comment",
                ["user"] = User(login),
                ["created_at"] = issue.Updated.AddDays(-1).ToString("O", CultureInfo.InvariantCulture),
                ["html_url"] = $"https://github.com/{owner}/{repo}/issues/{number}#comment",
            }).ToArray()).ToJsonString());
        });
        app.MapPost("/api/v3/repos/{owner}/{repo}/issues/{number:int}/comments", (string owner, string repo, int number) =>
            FakeServer.Json(new JsonObject { ["id"] = 9, ["body"] = "x", ["user"] = User("netkan-bot") }.ToJsonString(), 201));
        app.MapMethods("/api/v3/repos/{owner}/{repo}/issues/{number:int}", ["PATCH"], (string owner, string repo, int number) =>
        {
            var issue = Issue(owner, repo, _issues[repo].Single(x => x.Number == number));
            issue["state"] = "closed";
            return FakeServer.Json(issue.ToJsonString());
        });
    }

    private static JsonObject Issue(string owner, string repo, (int Number, string Title, string Author, string[] Commenters, DateTimeOffset Updated) issue) => new()
    {
        ["id"] = issue.Number,
        ["number"] = issue.Number,
        ["title"] = issue.Title,
        ["state"] = "open",
        ["user"] = User(issue.Author),
        ["comments"] = issue.Commenters.Length,
        ["labels"] = new JsonArray(new JsonObject { ["id"] = 1, ["name"] = "support" }),
        ["created_at"] = issue.Updated.AddDays(-40).ToString("O", CultureInfo.InvariantCulture),
        ["updated_at"] = issue.Updated.ToString("O", CultureInfo.InvariantCulture),
        ["html_url"] = $"https://github.com/{owner}/{repo}/issues/{issue.Number}",
        ["url"] = $"https://api.github.com/repos/{owner}/{repo}/issues/{issue.Number}",
    };

    private static JsonObject User(string login) => new() { ["login"] = login, ["id"] = login.Length };
}
