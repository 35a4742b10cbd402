namespace NetKAN.Bus.Services.Cli;

/// <summary>
/// Checks a data folder given on the command line before anything is built in it: it must be (or become) a writable
/// folder, and the entries the command will create inside must not already be files. A problem is one
/// <see cref="CliFailure"/> line naming the option and the path, not a stack trace from deep inside git or SQLite.
/// </summary>
public static class DataFolder
{
    public static string Prepare(string path, string option, params string[] folders)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new CliFailure($"{option} {full} is a file; a folder is needed there");
        }
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".netkan-write-test-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure($"{option} {full} is not a writable folder: {e.Message}");
        }
        foreach (var folder in folders)
        {
            var inside = Path.Combine(full, folder);
            if (File.Exists(inside))
            {
                throw new CliFailure($"{option} {full} holds a file named {folder} where a folder is needed; move it away or choose another {option}");
            }
        }
        return full;
    }
}
