namespace NetKAN.Bus.Services.Cli;

/// <summary>A failure the user can act on, reported as one line on stderr with exit code 1 (no stack trace).</summary>
public sealed class CliFailure(string message) : Exception(message);
