using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using NetKAN.Bus.Metadata.Ckan;

namespace NetKAN.Bus.Services.Mirrorer;

/// <summary>
/// How one module is mirrored to the Internet Archive, exactly as the original's <c>CkanMirror</c>: whether it may
/// be, the item identifier, file names, title, description and the item metadata.
/// </summary>
public sealed partial class CkanMirror
{
    /// <summary>Download content types the mirrorer handles, and the file extension each gets.</summary>
    public static readonly FrozenDictionary<string, string> MimeToExtension = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["application/x-gzip"] = "gz",
        ["application/x-tar"] = "tar",
        ["application/x-compressed-tar"] = "tar.gz",
        ["application/zip"] = "zip",
        ["application/vnd.github+json"] = "zip",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const string Subject = "ksp; kerbal space program; mod";
    public const string MediaType = "software";

    private readonly string _collection;

    public CkanMirror(CkanModule module, string collection)
    {
        Module = module;
        _collection = collection;
    }

    public CkanModule Module { get; }

    public bool Redistributable => Module.Licenses.Any(MirrorLicenses.Redistributable.Contains);

    /// <summary>Why the module is not mirrored, or null when it may be (a package, a known content type, a
    /// redistributable licence).</summary>
    public string? SkipReason =>
        Module.Kind != "package" ? $"kind '{Module.Kind}' is not a package"
        : Module.DownloadContentType is not { } type || !MimeToExtension.ContainsKey(type)
            ? $"download_content_type '{Module.DownloadContentType}' is not one the mirror handles"
        : !Redistributable
            ? $"License(s) {(Module.Licenses.Count == 0 ? "(none)" : string.Join(" ", Module.Licenses))} do not allow redistribution"
        : null;

    /// <summary>The item identifier, e.g. <c>AwesomeMod-1.0.0</c> (sanitised, at most 100 characters).</summary>
    public string Item => Sanitize($"{Module.Identifier}-{FormatVersion(Module.Version.ToString())}");

    /// <summary>e.g. <c>DF564E21-AwesomeMod-1.0.0.zip</c>: the first 8 characters of the SHA-1 (else the SHA-256),
    /// identifier, version, extension. Null without a download hash or a known content type.</summary>
    public string? FileName =>
        (Module.DownloadHash?.Sha1 ?? Module.DownloadHash?.Sha256) is { Length: >= 8 } hash
        && Module.DownloadContentType is { } type && MimeToExtension.TryGetValue(type, out var extension)
            ? $"{hash[..8]}-{Module.Identifier}-{FormatVersion(Module.Version.ToString())}.{extension}"
            : null;

    /// <summary>e.g. <c>AwesomeMod-1.0.0.source.zip</c>.</summary>
    public string SourceFileName => Sanitize($"{Module.Identifier}-{FormatVersion(Module.Version.ToString())}.source.zip");

    /// <summary>e.g. <c>Awesome Mod - 1.0.0</c>.</summary>
    public string Title => $"{Module.Name ?? Module.Identifier} - {FormatVersion(Module.Version.ToString())}";

    /// <summary>The original's description template: abstract, homepage and repository links, licences.</summary>
    public string Description
    {
        get
        {
            var text = new StringBuilder();
            text.Append(Module.Abstract).Append("<br>");
            if (Module.Resources.TryGetValue("homepage", out var homepage) && homepage.Length > 0)
            {
                text.Append("<br>Homepage: <a href=\"").Append(homepage).Append("\">").Append(homepage).Append("</a>");
            }
            if (Module.Resources.TryGetValue("repository", out var repository) && repository.Length > 0)
            {
                text.Append("<br>Repository: <a href=\"").Append(repository).Append("\">").Append(repository).Append("</a>");
            }
            if (Module.Licenses.Count > 0)
            {
                text.Append("<br>License(s): ").AppendJoin(' ', Module.Licenses);
            }
            return text.ToString();
        }
    }

    public IReadOnlyList<string> LicenseUrls =>
        Module.Licenses.Where(MirrorLicenses.Urls.ContainsKey).Select(x => MirrorLicenses.Urls[x]).ToList();

    /// <summary>The item metadata, in the original's order; <c>licenseurl</c> only when there is one.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Metadata
    {
        get
        {
            var metadata = new List<KeyValuePair<string, IReadOnlyList<string>>>
            {
                new("title", [Title]),
                new("description", [Description]),
                new("creator", Module.Authors),
                new("collection", [_collection]),
                new("subject", [Subject]),
                new("mediatype", [MediaType]),
            };
            if (LicenseUrls is { Count: > 0 } urls)
            {
                metadata.Add(new("licenseurl", urls));
            }
            return metadata;
        }
    }

    /// <summary>The implicit mirror URL <c>https://archive.org/download/&lt;identifier&gt;-&lt;version&gt;/&lt;file&gt;</c>
    /// (the item part is not sanitised, as the original), or null without a file name.</summary>
    public string? MirrorDownloadUrl =>
        FileName is { } file ? $"https://archive.org/download/{Module.Identifier}-{FormatVersion(Module.Version.ToString())}/{file}" : null;

    /// <summary>Spaces become <c>_</c>; with the epoch, <c>:</c> becomes <c>-</c>, without it the leading
    /// <c>N:</c> is dropped.</summary>
    public static string FormatVersion(string version, bool withEpoch = true)
    {
        var text = version.Replace(' ', '_');
        return withEpoch ? text.Replace(':', '-') : EpochPrefix().Replace(text, "");
    }

    /// <summary>Drops leading characters other than letters and digits and every character outside
    /// <c>[A-Za-z0-9._-]</c>; keeps at most 100 characters.</summary>
    public static string Sanitize(string name)
    {
        var clean = Unsafe().Replace(name, "");
        return clean.Length > 100 ? clean[..100] : clean;
    }

    /// <summary>
    /// The source archive URL of a repository resource, from its first five <c>/</c>-separated parts:
    /// github.com <c>…/archive/&lt;branch&gt;.zip</c>, bitbucket.org <c>…/get/&lt;branch&gt;.zip</c>, gitlab.com and
    /// git.srv.hoerberg.de <c>…/-/archive/&lt;branch&gt;/&lt;name&gt;-&lt;branch&gt;.zip</c>; null for anything else.
    /// </summary>
    public static string? SourceDownload(string? repository, string branch)
    {
        if (string.IsNullOrWhiteSpace(repository))
        {
            return null;
        }
        var parts = repository.Split('/');
        if (parts.Length < 5)
        {
            return null;
        }
        var prefix = string.Join('/', parts.Take(5));
        return parts[2] switch
        {
            "github.com" => $"{prefix}/archive/{branch}.zip",
            "bitbucket.org" => $"{prefix}/get/{branch}.zip",
            "gitlab.com" or "git.srv.hoerberg.de" => $"{prefix}/-/archive/{branch}/{parts[4]}-{branch}.zip",
            _ => null,
        };
    }

    [GeneratedRegex("^[0-9]+:", RegexOptions.CultureInvariant)]
    private static partial Regex EpochPrefix();

    [GeneratedRegex("^[^a-zA-Z0-9]+|[^a-zA-Z0-9._-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();
}
