using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;

namespace Alonzo.Commands.Roles
{
    /// <summary>
    /// Turns what PowerShell hands over (Hashtable, [ordered], PSCustomObject from ConvertFrom-Json,
    /// arrays of PSObject) into plain dictionaries, lists and scalars, so the engine sees no PowerShell types.
    /// </summary>
    internal static class PolicyInput
    {
        public static object ToPlain(object value) => ToPlain(value, 0);

        private static object ToPlain(object value, int depth)
        {
            if (value == null) return null;
            if (depth > 64) throw new ArgumentException("The policy document is nested too deeply.");
            if (value is PSObject wrapped)
            {
                if (wrapped.BaseObject is PSCustomObject)
                {
                    var properties = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (var property in wrapped.Properties)
                        properties[property.Name] = ToPlain(property.Value, depth + 1);
                    return properties;
                }
                value = wrapped.BaseObject;
            }
            switch (value)
            {
                case string s:
                    return s;
                case IDictionary dictionary:
                    var result = new OrderedDictionary(StringComparer.Ordinal);
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        object key = entry.Key is PSObject k ? k.BaseObject : entry.Key;
                        result[Convert.ToString(key, CultureInfo.InvariantCulture)] = ToPlain(entry.Value, depth + 1);
                    }
                    return result;
                case IEnumerable items:
                    var list = new List<object>();
                    foreach (var item in items) list.Add(ToPlain(item, depth + 1));
                    return list;
                default:
                    return value;
            }
        }

        /// <summary>-InlinePolicy: name = document, each document made plain.</summary>
        public static OrderedDictionary InlinePolicies(IDictionary table)
        {
            if (table == null) return null;
            var result = new OrderedDictionary(StringComparer.Ordinal);
            foreach (DictionaryEntry entry in table)
            {
                object key = entry.Key is PSObject k ? k.BaseObject : entry.Key;
                string name = Convert.ToString(key, CultureInfo.InvariantCulture);
                if (result.Contains(name))
                    throw new Validation.AlonzoValidationException("DuplicatePolicyName", "InlinePolicy", name,
                        $"-InlinePolicy: the inline policy '{name}' is given twice.");
                result[name] = ToPlain(entry.Value);
            }
            return result;
        }
    }
}
