using System.Text.RegularExpressions;
using NetKAN.Bus.Contracts.Games;

namespace NetKAN.Bus.Inflator.Install;

/// <summary>A package entry a stanza installs, and where (relative to the game folder).</summary>
public sealed record InstallableFile(PackageEntry Entry, string Destination, InstallStanza Stanza);

/// <summary>
/// Applies install stanzas to a package's entries the way the CKAN client does: <c>find</c>/<c>find_regexp</c>
/// resolve to the shortest matching folder (files too with <c>find_matches_files</c>), then the entries under it are
/// kept unless <c>filter</c>/<c>filter_regexp</c> drop them or <c>include_only</c>(<c>_regexp</c>) does not keep them.
/// </summary>
public static class InstallPlanner
{
    private static readonly string[] KspReservedPaths = ["GameData", "Ships", "Missions"];

    /// <summary>Every file of every stanza; throws when a stanza matches nothing.</summary>
    public static IReadOnlyList<InstallableFile> FindInstallableFiles(
        IReadOnlyList<InstallStanza> stanzas, IReadOnlyList<PackageEntry> entries, GameId game, string identifier)
    {
        var files = new List<InstallableFile>();
        foreach (var stanza in stanzas)
        {
            files.AddRange(FindInstallableFiles(stanza, entries, game, identifier));
        }
        return files;
    }

    public static IReadOnlyList<InstallableFile> FindInstallableFiles(
        InstallStanza stanza, IReadOnlyList<PackageEntry> entries, GameId game, string identifier)
    {
        var installTo = NormalizePath(stanza.InstallTo);
        if (installTo.Contains("/../", StringComparison.Ordinal) || installTo.EndsWith("/..", StringComparison.Ordinal) || installTo.StartsWith("../", StringComparison.Ordinal))
        {
            throw new InflationException($"{identifier}: Invalid installation path: {installTo}");
        }
        if (!IsKnownLocation(installTo, game))
        {
            throw new InflationException($"{identifier}: Unknown install_to {installTo}");
        }
        if (stanza.As is { } asName && (asName.Contains('/') || asName.Contains('\\')))
        {
            throw new InflationException($"{identifier}: `as` may not include path separators.");
        }

        var file = stanza.File is not null ? NormalizePath(stanza.File) : ResolveFind(stanza, entries, identifier);
        var pattern = new Regex("^" + Regex.Escape(file) + "(/|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var leading = file.Contains('/') ? file[..file.LastIndexOf('/')] : "";
        var filterRes = stanza.FilterRegexp?.Select(r => UserPatterns.Create(r, "filter_regexp", identifier)).ToList();
        var includeRes = stanza.IncludeOnlyRegexp?.Select(r => UserPatterns.Create(r, "include_only_regexp", identifier)).ToList();

        var result = new List<InstallableFile>();
        foreach (var entry in entries)
        {
            var path = entry.Name;
            // Internal .ckan files match like any other file (a stanza may name one, e.g. file: TheMartian.ckan);
            // only installing leaves them out (see IsInternalCkan), as the real client and inflator.
            if (!pattern.IsMatch(path))
            {
                continue;
            }
            var segments = path.ToLowerInvariant().Split('/');
            if (stanza.Filter is { } filter && filter.Any(f => segments.Contains(f.ToLowerInvariant())))
            {
                continue;
            }
            if (filterRes is not null && filterRes.Any(r => r.IsMatch(path)))
            {
                continue;
            }
            var included = stanza.IncludeOnly is null && includeRes is null
                || (stanza.IncludeOnly?.Any(f => segments.Contains(f.ToLowerInvariant())) ?? false)
                || (includeRes?.Any(r => r.IsMatch(path)) ?? false);
            if (!included)
            {
                continue;
            }
            result.Add(new InstallableFile(entry, Destination(path.TrimEnd('/'), leading, installTo, stanza.As, game), stanza));
        }
        if (result.Count == 0)
        {
            throw new InflationException($"{identifier}: No files found matching {stanza.DescribeMatch()} to install!");
        }
        return result;
    }

    /// <summary>A metadata file shipped inside a package: never installed, never counted in install_size.</summary>
    public static bool IsInternalCkan(string path) => path.EndsWith(".ckan", StringComparison.OrdinalIgnoreCase);

    /// <summary>The shortest folder (or file, with find_matches_files) path matching find / find_regexp.</summary>
    private static string ResolveFind(InstallStanza stanza, IReadOnlyList<PackageEntry> entries, string identifier)
    {
        var filter = stanza.Find is not null
            ? new Regex("(?:^|/)" + Regex.Escape(NormalizePath(stanza.Find)) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)
            : UserPatterns.Create(stanza.FindRegexp!, "find_regexp", identifier, RegexOptions.IgnoreCase);
        string? shortest = null;
        foreach (var entry in entries)
        {
            var isFile = !entry.IsDirectory;
            var name = entry.Name.TrimEnd('/');
            while (!string.IsNullOrEmpty(name))
            {
                if ((shortest is null || name.Length < shortest.Length) && (!isFile || stanza.FindMatchesFiles) && filter.IsMatch(name))
                {
                    shortest = name;
                }
                var slash = name.LastIndexOf('/');
                name = slash < 0 ? "" : name[..slash];
                isFile = false;
            }
        }
        return shortest ?? throw new InflationException(
            $"{identifier}: Could not find {(stanza.Find is not null ? stanza.Find : stanza.FindRegexp)} entry in zipfile to install");
    }

    private static string Destination(string path, string leading, string installTo, string? asName, GameId game)
    {
        var output = leading.Length > 0 && path.StartsWith(leading + "/", StringComparison.OrdinalIgnoreCase)
            ? path[(leading.Length + 1)..]
            : path;
        if (!string.IsNullOrWhiteSpace(asName))
        {
            var slash = output.IndexOf('/');
            output = slash < 0 ? asName : asName + output[slash..];
        }
        else if (game == GameId.Ksp)
        {
            var reserved = KspReservedPaths.FirstOrDefault(p => output.StartsWith(p + "/", StringComparison.OrdinalIgnoreCase));
            if (reserved is not null)
            {
                output = output[(reserved.Length + 1)..];
            }
        }
        return installTo == "GameRoot" ? output : installTo + "/" + output;
    }

    private static bool IsKnownLocation(string installTo, GameId game)
    {
        if (installTo == game.ModRoot || installTo.StartsWith(game.ModRoot + "/", StringComparison.Ordinal) || installTo == "GameRoot")
        {
            return true;
        }
        return game == GameId.Ksp
            ? installTo is "Ships" or "Tutorial" or "Scenarios" or "Missions"
              || installTo.StartsWith("Ships/", StringComparison.Ordinal)
            : installTo.StartsWith("BepInEx/", StringComparison.Ordinal) || installTo == "BepInEx";
    }

    /// <summary>CKAN's path normalisation: forward slashes, no trailing slash, no duplicate slashes.</summary>
    public static string NormalizePath(string path)
    {
        var p = path.Replace('\\', '/');
        while (p.Contains("//", StringComparison.Ordinal))
        {
            p = p.Replace("//", "/", StringComparison.Ordinal);
        }
        return p.Length > 1 ? p.TrimEnd('/') : p;
    }
}
