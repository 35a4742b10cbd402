namespace NetKAN.Bus.Contracts.Wire;

/// <summary>The message attribute names the original NetKAN services put on their queues.</summary>
public static class WireAttributes
{
    public const string GameId = "GameId";
    public const string HighestVersion = "HighestVersion";
    public const string HighestVersionPrerelease = "HighestVersionPrerelease";
    public const string Releases = "Releases";
    public const string ModIdentifier = "ModIdentifier";
    public const string Staged = "Staged";
    public const string Success = "Success";
    public const string CheckTime = "CheckTime";
    public const string FileName = "FileName";
    public const string ErrorMessage = "ErrorMessage";
    public const string WarningMessages = "WarningMessages";
    public const string StagingReason = "StagingReason";
}
