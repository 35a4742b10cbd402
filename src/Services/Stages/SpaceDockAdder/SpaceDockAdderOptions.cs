namespace NetKAN.Bus.Services.SpaceDockAdder;

/// <summary>Section <c>SpaceDockAdder</c>.</summary>
public sealed class SpaceDockAdderOptions
{
    public const string Section = "SpaceDockAdder";

    /// <summary><c>SpaceDockAdder:Labels</c>: labels of the pull request (the original: <c>Mod request</c>).</summary>
    public List<string> Labels { get; set; } = ["Mod request"];
}
