using NetKAN.Bus.Contracts.Games;
using NetKAN.Bus.Contracts.Queues;

namespace NetKAN.Bus.TestSupport;

/// <summary>Inflation results as the Inflator sends them (pretty JSON, indent 4, trailing newline).</summary>
public static class CkanSamples
{
    public static readonly DateTimeOffset CheckTime = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    public static string Ckan(string identifier, string version, string? releaseStatus = null, string extra = "") =>
        $$"""
        {
            "spec_version": "v1.4",
            "identifier": "{{identifier}}",
            "name": "{{identifier}} mod",
            "abstract": "Such flag. Very currency. Wow.",
            "author": "someone",
            "license": "CC-BY",
            "resources": {
                "homepage": "https://example.com/{{identifier}}",
                "repository": "https://github.com/example/{{identifier}}"
            },
            "version": "{{version}}",{{(releaseStatus is null ? "" : $"\n    \"release_status\": \"{releaseStatus}\",")}}{{extra}}
            "download": "https://example.com/{{identifier}}-{{version}}.zip",
            "download_size": 53647,
            "download_content_type": "application/zip",
            "release_date": "2019-06-24T19:06:14Z",
            "x_generated_by": "netkan"
        }

        """.Replace("\r\n", "\n");

    public static ModInflated Success(string identifier, string version, string? body = null, bool staged = false,
        string? stagingReason = null, IReadOnlyList<string>? warnings = null, GameId? game = null) =>
        new(identifier, game ?? GameId.Ksp, true, CheckTime, body ?? Ckan(identifier, version),
            $"{identifier}-{version}.ckan", staged, stagingReason, null, warnings);

    public static ModInflated Failure(string identifier, string error, IReadOnlyList<string>? warnings = null) =>
        new(identifier, GameId.Ksp, false, CheckTime, ModInflated.EmptyBody, null, false, null, error, warnings);
}
