using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace Alonzo.Json
{
    /// <summary>
    /// JSON to and from plain .NET values (IDictionary, IList, string, number, bool, null), so the
    /// cmdlets can turn hashtables and PSCustomObjects into payloads, records and policies, and
    /// replies back into objects, without the engine knowing PowerShell types.
    /// </summary>
    public static class JsonValues
    {
        public static object Parse(string json)
        {
            using (var doc = JsonDocument.Parse(json))
                return Convert(doc.RootElement);
        }

        /// <summary>Parses UTF-8 JSON (a record's data) without making a string of it first.</summary>
        public static bool TryParse(byte[] utf8, out object value)
        {
            value = null;
            if (utf8 == null || utf8.Length == 0) return false;
            try
            {
                using (var doc = JsonDocument.Parse(utf8))
                    value = Convert(doc.RootElement);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        public static bool TryParse(string text, out object value)
        {
            value = null;
            if (string.IsNullOrWhiteSpace(text)) return false;
            try
            {
                value = Parse(text);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }

        private static object Convert(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    var map = new Dictionary<string, object>(StringComparer.Ordinal);
                    foreach (var p in e.EnumerateObject()) map[p.Name] = Convert(p.Value);
                    return map;
                case JsonValueKind.Array:
                    return e.EnumerateArray().Select(Convert).ToList();
                case JsonValueKind.String:
                    return e.GetString();
                case JsonValueKind.Number:
                    if (e.TryGetInt64(out long l)) return l;
                    return e.GetDouble();
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        /// <summary>Compact JSON for plain values; dictionaries keep their key order.</summary>
        public static string Serialize(object value) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(value));

        /// <summary>Compact UTF-8 JSON for plain values, as a record's data or a request body.</summary>
        public static byte[] SerializeToUtf8Bytes(object value)
        {
            using (var stream = new System.IO.MemoryStream())
            {
                // Relaxed escaping keeps non-ASCII text readable (ü rather than \u00FC), as ConvertTo-Json does.
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                    Write(writer, value, 0);
                return stream.ToArray();
            }
        }

        private static void Write(Utf8JsonWriter w, object value, int depth)
        {
            if (depth > 64) throw new InvalidOperationException("The object is nested more than 64 levels deep (a cycle?).");
            switch (value)
            {
                case null: w.WriteNullValue(); break;
                case string s: w.WriteStringValue(s); break;
                case bool b: w.WriteBooleanValue(b); break;
                case char c: w.WriteStringValue(c.ToString()); break;
                case DateTime d: w.WriteStringValue(d.ToString("o", CultureInfo.InvariantCulture)); break;
                case DateTimeOffset o: w.WriteStringValue(o.ToString("o", CultureInfo.InvariantCulture)); break;
                case Guid g: w.WriteStringValue(g.ToString()); break;
                case Enum en: w.WriteStringValue(en.ToString()); break;
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _:
                    w.WriteNumberValue(System.Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                case ulong u: w.WriteNumberValue(u); break;
                case float _: case double _: w.WriteNumberValue(System.Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
                case decimal m: w.WriteNumberValue(m); break;
                case IDictionary dict:
                    w.WriteStartObject();
                    foreach (DictionaryEntry entry in dict)
                    {
                        w.WritePropertyName(System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
                        Write(w, entry.Value, depth + 1);
                    }
                    w.WriteEndObject();
                    break;
                case IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) Write(w, item, depth + 1);
                    w.WriteEndArray();
                    break;
                default:
                    w.WriteStringValue(System.Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
            }
        }
    }
}
