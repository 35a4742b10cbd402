using System.Globalization;
using System.Text;
using Serilog.Core;
using Serilog.Events;

namespace NetKAN.Bus.Services.Hosting;

/// <summary>
/// Escapes control characters in every text value of a log event (<c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\0</c>, other
/// C0/C1 controls and Unicode line/paragraph separators as <c>\uXXXX</c>), so a mod identifier or path sent by a caller
/// can never start a forged log line or hide text with terminal escapes. Message templates are ours and stay as they
/// are; values inside lists and objects are escaped too.
/// </summary>
public sealed class ControlCharacterEscaper : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (Escape(value) is { } escaped)
            {
                (changed ??= []).Add(new LogEventProperty(name, escaped));
            }
        }
        foreach (var property in changed ?? [])
        {
            logEvent.AddOrUpdateProperty(property);
        }
    }

    /// <summary>The escaped value, or null when nothing in it needed escaping.</summary>
    private static LogEventPropertyValue? Escape(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text } when NeedsEscaping(text):
                return new ScalarValue(EscapeText(text));
            case SequenceValue sequence:
            {
                var items = sequence.Elements.Select(e => Escape(e)).ToList();
                return items.All(x => x is null)
                    ? null
                    : new SequenceValue(items.Select((x, i) => x ?? sequence.Elements[i]));
            }
            case StructureValue structure:
            {
                var properties = structure.Properties.Select(p => Escape(p.Value)).ToList();
                return properties.All(x => x is null)
                    ? null
                    : new StructureValue(structure.Properties.Select((p, i) => new LogEventProperty(p.Name, properties[i] ?? p.Value)),
                        structure.TypeTag);
            }
            case DictionaryValue dictionary:
            {
                var entries = dictionary.Elements.Select(kv => (Key: Escape(kv.Key) as ScalarValue ?? kv.Key, Value: Escape(kv.Value))).ToList();
                return entries.All(x => x.Value is null) && entries.Select(x => x.Key).SequenceEqual(dictionary.Elements.Select(kv => kv.Key))
                    ? null
                    : new DictionaryValue(entries.Zip(dictionary.Elements, (e, kv) => new KeyValuePair<ScalarValue, LogEventPropertyValue>(e.Key, e.Value ?? kv.Value)));
            }
            default:
                return null;
        }
    }

    private static bool NeedsEscaping(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D';

    public static string EscapeText(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (IsUnsafe(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.ToString();
    }
}
