namespace NetKAN.Bus.Services.Mirrorer;

/// <summary>Section <c>Mirrorer</c>.</summary>
public sealed class MirrorerOptions
{
    public const string Section = "Mirrorer";

    /// <summary><c>Mirrorer:Collection</c>: the Internet Archive collection items are created in.</summary>
    public string Collection { get; set; } = "kspckanmods";

    /// <summary><c>Mirrorer:Games</c>: games whose mods are mirrored. KSP only by default, as the original
    /// ("we need at least 50 mods for a collection for ksp2"); requests for other games are recorded as skipped.</summary>
    public List<string> Games { get; set; } = ["ksp"];

    /// <summary><c>Mirrorer:DownloadTimeout</c>: how long one download (package or source archive) may take.</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>Mirrorer:UploadTimeout</c>: how long one upload to the archive may take.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary><c>Mirrorer:MirrorSource</c>: also upload the repository's source archive (GitHub, GitLab,
    /// Bitbucket), as the original.</summary>
    public bool MirrorSource { get; set; } = true;
}

/// <summary>Section <c>Archive</c>: the Internet Archive S3 credentials (<c>Archive:AccessKey</c>, <c>Archive:SecretKey</c>).</summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}
