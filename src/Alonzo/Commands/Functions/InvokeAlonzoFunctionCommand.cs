using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Alonzo.Functions;

namespace Alonzo.Commands.Functions
{
    /// <summary>Invokes a Lambda function and shows its reply, error and log tail.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "AlonzoFunction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(AlonzoInvocation))]
    public sealed class InvokeAlonzoFunctionCommand : AlonzoCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>The event: JSON text, or any object (hashtable, PSCustomObject, array), sent as JSON.</summary>
        [Parameter(Position = 1)]
        public object Payload { get; set; }

        [Parameter]
        [ValidateSet("RequestResponse", "Event", "DryRun")]
        public string InvocationType { get; set; } = "RequestResponse";

        /// <summary>A version number or alias.</summary>
        [Parameter]
        public string Qualifier { get; set; }

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                FunctionRules.Name(Name);
                string json = PayloadToJson(Payload);
                if (!ShouldProcess(Name, $"Invoke Lambda function ({InvocationType})"))
                    return;
                var operations = new FunctionOperations(Context);
                var result = Run(ct => operations.InvokeAsync(Name, json, InvocationType, Qualifier, ct));
                result.Payload = ToPowerShell(result.Payload);
                if (result.FunctionError != null)
                    WriteWarning($"Function '{Name}' raised an error ({result.FunctionError}); see Payload and LogTail.");
                WriteObject(result);
            });
        }

        private static string PayloadToJson(object payload)
        {
            object value = payload is PSObject pso ? pso.BaseObject : payload;
            switch (value)
            {
                case null:
                    return null;
                case string text:
                    if (!JsonValues.TryParse(text, out _))
                        throw new AlonzoOperationException("InvalidPayload", FailureKind.InvalidArgument,
                            $"-Payload: the text is not JSON: '{(text.Length > 60 ? text.Substring(0, 57) + "..." : text)}'.",
                            "Pass JSON text, or an object (a hashtable or PSCustomObject) to send as JSON.");
                    return text;
                default:
                    return JsonValues.Serialize(ToPlain(payload, 0));
            }
        }

        /// <summary>Hashtables and PSCustomObjects to plain dictionaries and lists, for JSON.</summary>
        internal static object ToPlain(object value, int depth)
        {
            if (depth > 64) return null;
            if (value is PSObject pso)
            {
                if (pso.BaseObject is PSCustomObject)
                {
                    var map = new Dictionary<string, object>();
                    foreach (var p in pso.Properties) map[p.Name] = ToPlain(p.Value, depth + 1);
                    return map;
                }
                value = pso.BaseObject;
            }
            switch (value)
            {
                case string _: return value;
                case IDictionary dict:
                    var result = new Dictionary<string, object>();
                    foreach (DictionaryEntry e in dict) result[e.Key.ToString()] = ToPlain(e.Value, depth + 1);
                    return result;
                case IEnumerable list:
                    var items = new List<object>();
                    foreach (var item in list) items.Add(ToPlain(item, depth + 1));
                    return items;
                default:
                    return value;
            }
        }

        /// <summary>Parsed JSON back to PSCustomObjects, as ConvertFrom-Json would give.</summary>
        internal static object ToPowerShell(object value)
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
    }
}
