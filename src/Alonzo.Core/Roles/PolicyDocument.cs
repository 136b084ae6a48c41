using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using Alonzo.Validation;

namespace Alonzo.Roles
{
    /// <summary>
    /// An IAM policy document: parsed from JSON text or from nested dictionaries and lists, written
    /// back as compact JSON, and compared by meaning rather than by text. Two documents are equal when
    /// they differ only in key order, in a single value written as a one-element list, in the order or
    /// repetition of list items (every list in the policy grammar is a set: statements, actions,
    /// resources, principals, condition values), or in a boolean or number written as a string.
    /// </summary>
    public sealed class PolicyDocument : IEquatable<PolicyDocument>
    {
        /// <summary>The current policy language; documents given without a Version get it.</summary>
        public const string CurrentVersion = "2012-10-17";
        /// <summary>What IAM assumes when a stored document has no Version.</summary>
        public const string ImplicitVersion = "2008-10-17";
        /// <summary>policyDocumentType max in the iam model.</summary>
        public const int MaxLength = 131072;

        private readonly JsonObject _root;

        private PolicyDocument(JsonObject root)
        {
            _root = root;
            Json = Write(root);
            CanonicalJson = Canonical(root, true);
        }

        /// <summary>Compact JSON, ASCII only (other characters as \u escapes), in the key order given.</summary>
        public string Json { get; }

        /// <summary>The normalised form compared by <see cref="Equals(PolicyDocument)"/>: sorted keys, lists as sorted sets, singletons unwrapped.</summary>
        public string CanonicalJson { get; }

        public string Version => _root.Get("Version") as string;

        /// <summary>
        /// A document from the user: a JSON string, a <see cref="PolicyDocument"/>, or an IDictionary whose
        /// values are strings, numbers, booleans, nested IDictionary and IEnumerable. Checked to be a JSON
        /// object with a Statement; a missing Version becomes <see cref="CurrentVersion"/>.
        /// </summary>
        /// <param name="what">How the message names the input, e.g. "-InlinePolicy 'logs'".</param>
        public static PolicyDocument Parse(object value, string parameterName, string what)
        {
            if (value is PolicyDocument ready) return ready;
            what = what ?? "-" + parameterName;
            object tree;
            if (value == null)
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, null, $"{what}: the policy document is empty.");
            if (value is string text)
            {
                if (string.IsNullOrWhiteSpace(text))
                    throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, value, $"{what}: the policy document is empty.");
                tree = ParseJson(text, parameterName, what);
            }
            else if (value is IDictionary dictionary)
            {
                tree = FromDictionary(dictionary, 0);
            }
            else
            {
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, value,
                    $"{what}: a policy document must be a hashtable or a JSON string, not {value.GetType().Name}.");
            }

            if (!(tree is JsonObject root))
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, value,
                    $"{what}: a policy document must be a JSON object ({{ \"Version\": ..., \"Statement\": [...] }}).");
            var statement = root.Get("Statement");
            bool hasStatement = statement is JsonObject ||
                                (statement is List<object> list && list.Count > 0 && list.All(s => s is JsonObject));
            if (!hasStatement)
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, value,
                    $"{what}: the policy document needs a Statement: an object, or a list of objects, each with Effect, Action and Resource (or Principal in a trust policy).");
            if (root.Get("Version") == null)
                root.Insert(0, "Version", CurrentVersion);
            else if (!(root.Get("Version") is string v) || (v != CurrentVersion && v != ImplicitVersion))
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, value,
                    $"{what}: Version must be '{CurrentVersion}' (or the old '{ImplicitVersion}'), not '{root.Get("Version")}'.");

            var document = new PolicyDocument(root);
            if (document.Json.Length > MaxLength)
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, null,
                    $"{what}: the policy document is {document.Json.Length} characters long; IAM accepts at most {MaxLength}.");
            return document;
        }

        /// <summary>A document as IAM stored it (already URL-decoded). Null or unparsable text gives null.</summary>
        public static PolicyDocument FromService(string json)
        {
            if (string.IsNullOrWhiteSpace(json)) return null;
            try
            {
                return ParseJson(json, null, null) is JsonObject root ? new PolicyDocument(root) : null;
            }
            catch (AlonzoValidationException)
            {
                return null;
            }
        }

        /// <summary>The trust policy that lets these services (e.g. lambda.amazonaws.com) assume the role.</summary>
        public static PolicyDocument TrustFor(IEnumerable<string> services)
        {
            var list = services.Distinct(StringComparer.Ordinal).ToList();
            object principal = list.Count == 1 ? (object)list[0] : list.Cast<object>().ToList();
            var statement = new JsonObject
            {
                { "Effect", "Allow" },
                { "Principal", new JsonObject { { "Service", principal } } },
                { "Action", "sts:AssumeRole" },
            };
            return new PolicyDocument(new JsonObject
            {
                { "Version", CurrentVersion },
                { "Statement", new List<object> { statement } },
            });
        }

        /// <summary>Service principals of the Allow statements (a trust policy's trusted services).</summary>
        public IReadOnlyList<string> TrustedServices =>
            AllowStatements()
                .SelectMany(s => Strings((s.Get("Principal") as JsonObject)?.Get("Service")))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(s => s, StringComparer.Ordinal)
                .ToList();

        /// <summary>True when an Allow statement lets the service call sts:AssumeRole.</summary>
        public bool Trusts(string service) =>
            AllowStatements().Any(s =>
                Strings((s.Get("Principal") as JsonObject)?.Get("Service")).Contains(service, StringComparer.Ordinal) &&
                Strings(s.Get("Action")).Any(a => a == "*" || string.Equals(a, "sts:*", StringComparison.OrdinalIgnoreCase) ||
                                                  string.Equals(a, "sts:AssumeRole", StringComparison.OrdinalIgnoreCase)));

        private IEnumerable<JsonObject> AllowStatements()
        {
            var statement = _root.Get("Statement");
            var statements = statement is List<object> list ? list.OfType<JsonObject>() : statement is JsonObject one ? new[] { one } : Enumerable.Empty<JsonObject>();
            return statements.Where(s => string.Equals(s.Get("Effect") as string, "Allow", StringComparison.OrdinalIgnoreCase));
        }

        private static IEnumerable<string> Strings(object value)
        {
            if (value is string s) return new[] { s };
            if (value is List<object> list) return list.OfType<string>();
            return Enumerable.Empty<string>();
        }

        public bool Equals(PolicyDocument other) => other != null && string.Equals(CanonicalJson, other.CanonicalJson, StringComparison.Ordinal);

        public override bool Equals(object obj) => Equals(obj as PolicyDocument);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(CanonicalJson);

        /// <summary>Compares a wanted document with stored JSON (null or unreadable stored text never matches).</summary>
        public bool SameAs(string storedJson) => Equals(FromService(storedJson));

        public override string ToString() => Json;

        // ------------------------------------------------------------------ tree

        /// <summary>A JSON object that keeps its key order (for the text sent) and replaces repeated keys.</summary>
        private sealed class JsonObject : IEnumerable<KeyValuePair<string, object>>
        {
            private readonly List<KeyValuePair<string, object>> _members = new List<KeyValuePair<string, object>>();

            public void Add(string key, object value)
            {
                int index = _members.FindIndex(m => m.Key == key);
                if (index >= 0) _members[index] = new KeyValuePair<string, object>(key, value);
                else _members.Add(new KeyValuePair<string, object>(key, value));
            }

            public void Insert(int index, string key, object value) => _members.Insert(index, new KeyValuePair<string, object>(key, value));

            public object Get(string key)
            {
                foreach (var m in _members)
                    if (m.Key == key) return m.Value;
                return null;
            }

            public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _members.GetEnumerator();

            IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
        }

        /// <summary>A number kept as its JSON text, so nothing is lost or reformatted.</summary>
        private sealed class JsonNumber
        {
            public JsonNumber(string text) { Text = text; }
            public string Text { get; }
        }

        private static object ParseJson(string text, string parameterName, string what)
        {
            try
            {
                using (var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 }))
                    return FromElement(document.RootElement);
            }
            catch (JsonException e)
            {
                throw new AlonzoValidationException("InvalidPolicyDocument", parameterName, text,
                    $"{what}: the policy document is not valid JSON: {e.Message}");
            }
        }

        private static object FromElement(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    var o = new JsonObject();
                    foreach (var p in element.EnumerateObject()) o.Add(p.Name, FromElement(p.Value));
                    return o;
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select(FromElement).ToList();
                case JsonValueKind.String:
                    return element.GetString();
                case JsonValueKind.Number:
                    return new JsonNumber(element.GetRawText());
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                default:
                    return null;
            }
        }

        private static object FromDictionary(IDictionary dictionary, int depth)
        {
            var o = new JsonObject();
            foreach (DictionaryEntry entry in dictionary)
                o.Add(Convert.ToString(entry.Key, CultureInfo.InvariantCulture), FromValue(entry.Value, depth + 1));
            return o;
        }

        private static object FromValue(object value, int depth)
        {
            if (depth > 64) throw new AlonzoValidationException("InvalidPolicyDocument", null, null, "The policy document is nested too deeply.");
            switch (value)
            {
                case null: return null;
                case string s: return s;
                case char c: return c.ToString();
                case bool b: return b;
                case IDictionary d: return FromDictionary(d, depth);
                case DateTime t: return t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                case IEnumerable e: return e.Cast<object>().Select(x => FromValue(x, depth + 1)).ToList();
                case byte _: case sbyte _: case short _: case ushort _: case int _: case uint _: case long _: case ulong _:
                    return new JsonNumber(Convert.ToString(value, CultureInfo.InvariantCulture));
                case float f: return new JsonNumber(f.ToString("R", CultureInfo.InvariantCulture));
                case double dbl: return new JsonNumber(dbl.ToString("R", CultureInfo.InvariantCulture));
                case decimal dec: return new JsonNumber(dec.ToString(CultureInfo.InvariantCulture));
                default: return Convert.ToString(value, CultureInfo.InvariantCulture);
            }
        }

        // ------------------------------------------------------------------ writing

        private static string Write(object node)
        {
            var text = new StringBuilder();
            Write(node, text);
            return text.ToString();
        }

        private static void Write(object node, StringBuilder text)
        {
            switch (node)
            {
                case null: text.Append("null"); break;
                case string s: WriteString(s, text); break;
                case bool b: text.Append(b ? "true" : "false"); break;
                case JsonNumber n: text.Append(n.Text); break;
                case JsonObject o:
                    text.Append('{');
                    bool first = true;
                    foreach (var m in o)
                    {
                        if (!first) text.Append(',');
                        first = false;
                        WriteString(m.Key, text);
                        text.Append(':');
                        Write(m.Value, text);
                    }
                    text.Append('}');
                    break;
                case List<object> list:
                    text.Append('[');
                    for (int i = 0; i < list.Count; i++)
                    {
                        if (i > 0) text.Append(',');
                        Write(list[i], text);
                    }
                    text.Append(']');
                    break;
            }
        }

        // Only what JSON requires is escaped, plus anything outside printable ASCII: the iam model's
        // policyDocumentType pattern allows no more than \u0009, \u000A, \u000D and \u0020-\u00FF.
        private static void WriteString(string s, StringBuilder text)
        {
            text.Append('"');
            foreach (char c in s)
            {
                switch (c)
                {
                    case '"': text.Append("\\\""); break;
                    case '\\': text.Append("\\\\"); break;
                    case '\n': text.Append("\\n"); break;
                    case '\r': text.Append("\\r"); break;
                    case '\t': text.Append("\\t"); break;
                    default:
                        if (c < 0x20 || c > 0x7E) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else text.Append(c);
                        break;
                }
            }
            text.Append('"');
        }

        // ------------------------------------------------------------------ canonical form

        private static string Canonical(object node, bool isRoot)
        {
            switch (node)
            {
                case null: return "null";
                case string s: return Quote(s);
                // IAM reads condition values as strings: true and "true", 1 and "1" mean the same.
                case bool b: return Quote(b ? "true" : "false");
                case JsonNumber n: return Quote(n.Text);
                case JsonObject o:
                    var members = o.Select(m => new KeyValuePair<string, string>(m.Key, Canonical(m.Value, false))).ToList();
                    if (isRoot && o.Get("Version") == null)
                        members.Add(new KeyValuePair<string, string>("Version", Quote(ImplicitVersion)));
                    return "{" + string.Join(",", members.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => Quote(m.Key) + ":" + m.Value)) + "}";
                case List<object> list:
                    var items = list.Select(i => Canonical(i, false)).Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToList();
                    return items.Count == 1 ? items[0] : "[" + string.Join(",", items) + "]";
                default:
                    return Quote(Convert.ToString(node, CultureInfo.InvariantCulture));
            }
        }

        private static string Quote(string s)
        {
            var text = new StringBuilder();
            WriteString(s, text);
            return text.ToString();
        }
    }
}
