using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace NetKAN.Bus.Services.Storage;

/// <summary>
/// A cache kept as one JSON file of keyed entries (e.g. in a repository's <c>.git</c> folder). A missing, damaged or
/// unreadable file reads as empty — it only costs recomputing — and a write goes to a temp file moved into place, so a
/// reader never sees half a file. A failed write is logged, never thrown.
/// </summary>
public static class JsonCacheFile
{
    public static Dictionary<string, T> Load<T>(string file, string what, ILogger logger)
    {
        try
        {
            if (File.Exists(file))
            {
                using var stream = File.OpenRead(file);
                return JsonSerializer.Deserialize<Dictionary<string, T>>(stream) ?? [];
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            logger.LogWarning("Ignoring the {Cache} {File}: {Problem}", what, file, e.Message);
        }
        return [];
    }

    public static void Save<T>(string file, Dictionary<string, T> entries, string what, ILogger logger)
    {
        var temp = $"{file}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = File.Create(temp))
            {
                JsonSerializer.Serialize(stream, entries);
            }
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not save the {Cache} {File}: {Problem}", what, file, e.Message);
            File.Delete(temp);
        }
    }
}
