using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Alonzo.Validation;

namespace Alonzo.Pipelines
{
    /// <summary>What a value in a spec must be.</summary>
    internal enum SpecType
    {
        String,
        Integer,
        Boolean,
        StringList,
        StringMap,
        /// <summary>Any plain value tree (a policy document: a hashtable or a JSON string).</summary>
        Document,
        /// <summary>Name to document (inline policies).</summary>
        DocumentMap,
        DateTime,
        Section,
    }

    /// <summary>One key a section of the spec may have.</summary>
    internal sealed class SpecKey
    {
        public SpecKey(string name, SpecType type, bool required = false, SpecKey[] section = null)
        {
            Name = name;
            Type = type;
            Required = required;
            Section = section;
        }

        public string Name { get; }
        public SpecType Type { get; }
        public bool Required { get; }
        public SpecKey[] Section { get; }
    }

    /// <summary>
    /// Reads one section of a spec (a dictionary of plain values, as PowerShellValues or a .psd1
    /// gives it) against its keys: every unknown key is an error naming the nearest valid key, every
    /// value of the wrong type an error naming its path (Function.MemorySize). Keys match without
    /// regard to case, as PowerShell hashtables do.
    /// </summary>
    internal sealed class SpecSection
    {
        private readonly Dictionary<string, object> _values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        private SpecSection(string path) { Path = path; }

        public string Path { get; }

        public static SpecSection Read(object value, string path, SpecKey[] keys)
        {
            if (!(value is IDictionary dictionary))
                throw Invalid(path, value, "must be a hashtable (@{ ... })");
            var section = new SpecSection(path);
            foreach (DictionaryEntry entry in dictionary)
            {
                string name = System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "";
                var key = keys.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));
                string at = Join(path, name);
                if (key == null)
                {
                    var nearest = Nearest(name, keys.Select(k => k.Name));
                    throw new AlonzoValidationException("PipelineSpecUnknownKey", at, name,
                        $"{at}: '{name}' is not a key of {(path.Length == 0 ? "a pipeline spec" : path)}." +
                        (nearest != null ? $" Did you mean '{nearest}'?" : "") +
                        $" Valid keys: {string.Join(", ", keys.Select(k => k.Name))}.");
                }
                if (section._values.ContainsKey(key.Name))
                    throw Invalid(at, name, "is given twice");
                section._values[key.Name] = ConvertValue(entry.Value, at, key);
            }
            foreach (var key in keys.Where(k => k.Required && (!section._values.TryGetValue(k.Name, out var given) || given == null)))
                throw new AlonzoValidationException("PipelineSpecMissingKey", Join(path, key.Name), null,
                    $"{Join(path, key.Name)}: this key is required.");
            return section;
        }

        public bool Has(string key) => _values.ContainsKey(key);
        public string String(string key) => _values.TryGetValue(key, out var v) ? (string)v : null;
        public int? Integer(string key) => _values.TryGetValue(key, out var v) ? (int?)v : null;
        public bool? Boolean(string key) => _values.TryGetValue(key, out var v) ? (bool?)v : null;
        public DateTime? Date(string key) => _values.TryGetValue(key, out var v) ? (DateTime?)v : null;
        public List<string> StringList(string key) => _values.TryGetValue(key, out var v) ? (List<string>)v : null;
        public Dictionary<string, string> StringMap(string key) => _values.TryGetValue(key, out var v) ? (Dictionary<string, string>)v : null;
        public object Value(string key) => _values.TryGetValue(key, out var v) ? v : null;
        public SpecSection Section(string key) => _values.TryGetValue(key, out var v) ? (SpecSection)v : null;

        public static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;

        internal static AlonzoValidationException Invalid(string path, object value, string what) =>
            new AlonzoValidationException("PipelineSpecInvalidValue", path, value, $"{path}: {Describe(value)} {what}.");

        private static string Describe(object value)
        {
            switch (value)
            {
                case null: return "$null";
                case string s: return $"'{NameRules.Shorten(s)}'";
                case IDictionary _: return "a hashtable";
                case IEnumerable _: return "a list";
                default: return $"{System.Convert.ToString(value, CultureInfo.InvariantCulture)} ({value.GetType().Name})";
            }
        }

        private static object ConvertValue(object value, string path, SpecKey key)
        {
            switch (key.Type)
            {
                case SpecType.String:
                    if (value is string s) return s;
                    throw Invalid(path, value, "must be a string");
                case SpecType.Integer:
                    switch (value)
                    {
                        case int i: return i;
                        case long l when l >= int.MinValue && l <= int.MaxValue: return (int)l;
                        case short h: return (int)h;
                        case byte b: return (int)b;
                        case double d when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue: return (int)d;
                        case decimal m when m == decimal.Floor(m) && m >= int.MinValue && m <= int.MaxValue: return (int)m;
                    }
                    throw Invalid(path, value, "must be a whole number");
                case SpecType.Boolean:
                    if (value is bool flag) return flag;
                    throw Invalid(path, value, "must be $true or $false");
                case SpecType.DateTime:
                    if (value is DateTime time) return time.ToUniversalTime();
                    if (value is DateTimeOffset offset) return offset.UtcDateTime;
                    if (value is string text && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed))
                        return parsed;
                    throw Invalid(path, value, "must be a date and time (for example '2026-12-01T00:00:00Z')");
                case SpecType.StringList:
                    if (value is string single) return new List<string> { single };
                    if (value is IEnumerable items && !(value is IDictionary))
                    {
                        var list = new List<string>();
                        int index = 0;
                        foreach (var item in items)
                        {
                            if (!(item is string itemText)) throw Invalid($"{path}[{index}]", item, "must be a string");
                            list.Add(itemText);
                            index++;
                        }
                        return list;
                    }
                    throw Invalid(path, value, "must be a string or a list of strings");
                case SpecType.StringMap:
                    if (value is IDictionary map)
                    {
                        var result = new Dictionary<string, string>(StringComparer.Ordinal);
                        foreach (DictionaryEntry entry in map)
                        {
                            string name = System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                            if (entry.Value is IDictionary || (entry.Value is IEnumerable && !(entry.Value is string)))
                                throw Invalid(Join(path, name), entry.Value, "must be a single value");
                            result[name] = entry.Value == null ? "" : System.Convert.ToString(entry.Value is bool b ? (b ? "true" : "false") : entry.Value, CultureInfo.InvariantCulture);
                        }
                        return result;
                    }
                    throw Invalid(path, value, "must be a hashtable of names to values");
                case SpecType.Document:
                    if (value is string || value is IDictionary) return value;
                    throw Invalid(path, value, "must be a hashtable or a JSON string");
                case SpecType.DocumentMap:
                    if (value is IDictionary documents)
                    {
                        var result = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
                        foreach (DictionaryEntry entry in documents)
                        {
                            string name = System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                            if (!(entry.Value is string || entry.Value is IDictionary))
                                throw Invalid(Join(path, name), entry.Value, "must be a policy document (a hashtable or a JSON string)");
                            result[name] = entry.Value;
                        }
                        return result;
                    }
                    throw Invalid(path, value, "must be a hashtable of policy names to policy documents");
                case SpecType.Section:
                    // $null leaves the section out on purpose (EventMapping = $null: no mapping).
                    return value == null ? null : Read(value, path, key.Section);
            }
            throw new InvalidOperationException("Unknown spec type " + key.Type);
        }

        /// <summary>The valid key closest to a mistyped one (edit distance at most a third of its length), or null.</summary>
        internal static string Nearest(string name, IEnumerable<string> candidates)
        {
            string best = null;
            int bestDistance = int.MaxValue;
            foreach (var candidate in candidates)
            {
                int d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
                if (d < bestDistance) { best = candidate; bestDistance = d; }
            }
            return best != null && bestDistance <= Math.Max(2, best.Length / 3) ? best : null;
        }

        private static int Distance(string a, string b)
        {
            var row = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) row[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                int previous = row[0];
                row[0] = i;
                for (int j = 1; j <= b.Length; j++)
                {
                    int current = row[j];
                    row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                    previous = current;
                }
            }
            return row[b.Length];
        }
    }
}
