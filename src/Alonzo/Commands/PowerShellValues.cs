using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;

namespace Alonzo.Commands
{
    /// <summary>
    /// Converts between what PowerShell hands over and the plain values the engine works with
    /// (Alonzo.Json.JsonValues serialises those): hashtables, [ordered] and PSCustomObjects become
    /// ordered dictionaries, arrays become lists, scalars stay as they are; and back, parsed JSON
    /// becomes PSCustomObjects and arrays, as ConvertFrom-Json gives them.
    /// </summary>
    internal static class PowerShellValues
    {
        private const int MaxDepth = 64;
        // Other .NET objects (FileInfo, Process, ...) are taken apart by their properties, but only this
        // many levels down, like ConvertTo-Json's default depth: their object graphs have no end.
        private const int MaxObjectDepth = 2;

        public static object ToPlain(object value) => ToPlain(value, 0, 0);

        private static object ToPlain(object value, int depth, int objectDepth)
        {
            if (value == null) return null;
            if (depth > MaxDepth) throw new ArgumentException($"The value is nested more than {MaxDepth} levels deep.");
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    var properties = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (var property in wrapped.Properties)
                        properties[property.Name] = ToPlain(property.Value, depth + 1, objectDepth);
                    return properties;
                }
                value = wrapped.BaseObject;
            }
            switch (value)
            {
                case string _:
                case bool _:
                case char _:
                case DateTime _:
                case DateTimeOffset _:
                case Guid _:
                case Enum _:
                case decimal _:
                    return value;
                case IDictionary dictionary:
                    var result = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        object key = entry.Key is PSObject k ? k.BaseObject : entry.Key;
                        result[Convert.ToString(key, CultureInfo.InvariantCulture)] = ToPlain(entry.Value, depth + 1, objectDepth);
                    }
                    return result;
                case IEnumerable items:
                    var list = new List<object>();
                    foreach (var item in items) list.Add(ToPlain(item, depth + 1, objectDepth));
                    return list;
            }
            if (value.GetType().IsPrimitive) return value;
            if (objectDepth >= MaxObjectDepth) return Convert.ToString(value, CultureInfo.InvariantCulture);

            var members = new OrderedDictionary(StringComparer.Ordinal);
            foreach (var property in PSObject.AsPSObject(value).Properties)
            {
                if (!property.IsGettable) continue;
                object propertyValue;
                try { propertyValue = property.Value; }
                catch (Exception) { continue; } // some properties throw when read (for example on an exited process)
                members[property.Name] = ToPlain(propertyValue, depth + 1, objectDepth + 1);
            }
            return members;
        }

        /// <summary>Parsed JSON (dictionaries and lists from JsonValues) as PSCustomObjects and arrays.</summary>
        public static object ToPowerShell(object value)
        {
            switch (value)
            {
                case IDictionary<string, object> map:
                    var obj = new PSObject();
                    foreach (var p in map) obj.Properties.Add(new PSNoteProperty(p.Key, ToPowerShell(p.Value)));
                    return obj;
                case IList<object> list:
                    var items = new object[list.Count];
                    for (int i = 0; i < list.Count; i++) items[i] = ToPowerShell(list[i]);
                    return items;
                default:
                    return value;
            }
        }

        /// <summary>A property of a pipeline object (or a key of a hashtable), or null when it has none.</summary>
        public static object GetProperty(object value, string name)
        {
            object baseObject = value is PSObject p ? p.BaseObject : value;
            if (baseObject is IDictionary dictionary)
                return dictionary.Contains(name) ? dictionary[name] : null;
            return PSObject.AsPSObject(value).Properties[name]?.Value;
        }
    }
}
