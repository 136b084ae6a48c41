using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Text;
using Alonzo.Json;
using Alonzo.Validation;

namespace Alonzo.Commands.Records
{
    /// <summary>How pipeline input becomes a record's bytes and partition key (Write-AlonzoRecord, ConvertTo-AlonzoKinesisEvent).</summary>
    internal static class RecordInput
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>
        /// The records in one -InputObject: an array given as an argument (-InputObject @(...)) is
        /// several records; from the pipeline an array is one record.
        /// </summary>
        public static IEnumerable<object> Items(object inputObject, bool expectingInput)
        {
            if (!expectingInput && inputObject is PSObject wrapped && wrapped.BaseObject is object[] arguments)
                return arguments;
            if (!expectingInput && inputObject is object[] items)
                return items;
            return new[] { inputObject };
        }

        /// <summary>A string as UTF-8, a byte array as it is, null as no bytes, anything else as compact JSON.</summary>
        public static byte[] Data(object input)
        {
            object value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case null:
                    return Array.Empty<byte>(); // Kinesis allows empty data
                case string text:
                    return Utf8.GetBytes(text);
                case byte[] bytes:
                    return bytes;
                default:
                    object plain;
                    try
                    {
                        plain = PowerShellValues.ToPlain(input);
                    }
                    catch (ArgumentException e)
                    {
                        throw new AlonzoValidationException("InvalidRecord", "InputObject", input, "The record cannot be written as JSON: " + e.Message);
                    }
                    return JsonValues.SerializeToUtf8Bytes(plain);
            }
        }

        /// <summary>The partition key from a property of the input; InvalidPartitionKey when it is missing or empty.</summary>
        public static string KeyFromProperty(object input, string property)
        {
            object keyValue = PowerShellValues.GetProperty(input, property);
            if (keyValue is PSObject k) keyValue = k.BaseObject;
            string key = keyValue == null ? null : LanguagePrimitives.ConvertTo<string>(keyValue);
            if (string.IsNullOrEmpty(key))
                throw new AlonzoValidationException("InvalidPartitionKey", "PartitionKeyProperty", input,
                    $"-PartitionKeyProperty: the record has no property '{property}', or it is empty; the record was left out.");
            return key;
        }
    }
}
