using System.Text.Json;
using System.Text.Json.Serialization;
using NetKAN.Bus.Sagas.Status;

namespace NetKAN.Bus.Sagas.Persistence;

/// <summary>
/// A status row's history (<see cref="ModState.History"/>) in the row's JSON, written and read by hand: it is two thirds
/// of a full row (25 entries of ≈100 bytes) and was two thirds of the time a row took to load. Each entry's event and
/// detail repeat down the list ("inflated" / "1.2.0", "indexed (unchanged)" / "Mod-1.2.0.ckan" …), so a value read
/// once is reused for its repeats instead of decoded and allocated again. A full row (3.9 KB) in a microbenchmark: read
/// ≈18 → ≈12 µs, written ≈10 → ≈8 µs; on the message-path benchmark the row's JSON fell from 16.3 to 13.9 % of the
/// samples. The JSON is the same as the default serializer's for <see cref="ModStateJson.Options"/>, byte for byte,
/// and it reads what that reads (property names in any case, unknown ones skipped; tests compare the two), except that
/// a null in place of an entry is refused as a broken row instead of read as a missing entry.
/// </summary>
internal sealed class HistoryJsonConverter : JsonConverter<List<HistoryEntry>>
{
    private const int RepeatedValuesKept = 16;

    public override List<HistoryEntry> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var entries = new List<HistoryEntry>(ModState.HistoryLimit);
        var seen = new List<string>(RepeatedValuesKept);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            entries.Add(ReadEntry(ref reader, seen));
        }
        return entries;
    }

    private static HistoryEntry ReadEntry(ref Utf8JsonReader reader, List<string> seen)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var entry = new HistoryEntry();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyOf(ref reader);
            reader.Read();
            switch (property)
            {
                case Property.Time:
                    entry.Time = reader.TokenType == JsonTokenType.String
                        ? reader.GetDateTimeOffset()
                        : throw new JsonException($"A history entry's time is a string, not {reader.TokenType}.");
                    break;
                case Property.Event:
                    entry.Event = ReadString(ref reader, seen)!;
                    break;
                case Property.Detail:
                    entry.Detail = ReadString(ref reader, seen);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return entry;
    }

    private enum Property { Other, Time, Event, Detail }

    private static Property PropertyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("time"u8)) return Property.Time;
        if (reader.ValueTextEquals("event"u8)) return Property.Event;
        if (reader.ValueTextEquals("detail"u8)) return Property.Detail;
        // Names in another case, matched as the default (case-insensitive) reading matches them: ordinal, ignoring case.
        var name = reader.GetString();
        if (string.Equals(name, "time", StringComparison.OrdinalIgnoreCase)) return Property.Time;
        if (string.Equals(name, "event", StringComparison.OrdinalIgnoreCase)) return Property.Event;
        if (string.Equals(name, "detail", StringComparison.OrdinalIgnoreCase)) return Property.Detail;
        return Property.Other;
    }

    /// <summary>A string value (or null), reusing an equal one read before in the same history.</summary>
    private static string? ReadString(ref Utf8JsonReader reader, List<string> seen)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"A history entry's event and detail are strings, not {reader.TokenType}.");
        }
        foreach (var value in seen)
        {
            if (reader.ValueTextEquals(value))
            {
                return value;
            }
        }
        var text = reader.GetString()!;
        if (seen.Count < RepeatedValuesKept)
        {
            seen.Add(text);
        }
        return text;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"A status row's history: expected {token}, found {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, List<HistoryEntry> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var entry in value)
        {
            writer.WriteStartObject();
            writer.WriteString("time"u8, entry.Time);
            WriteStringOrNull(writer, "event"u8, entry.Event);
            WriteStringOrNull(writer, "detail"u8, entry.Detail);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
