using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using System.Management.Automation;

namespace Alonzo.Commands.Roles
{
    /// <summary>
    /// Policy documents as PowerShell hands them over (Hashtable, [ordered], PSCustomObject from
    /// ConvertFrom-Json, arrays of PSObject), made plain by <see cref="PowerShellValues"/>.
    /// </summary>
    internal static class PolicyInput
    {
        public static object ToPlain(object value) => PowerShellValues.ToPlain(value);

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
