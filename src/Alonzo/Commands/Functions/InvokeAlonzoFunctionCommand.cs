using System.Management.Automation;
using Alonzo.Functions;
using Alonzo.Json;

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
                result.Payload = PowerShellValues.ToPowerShell(result.Payload);
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
                    try
                    {
                        return JsonValues.Serialize(PowerShellValues.ToPlain(payload));
                    }
                    catch (System.ArgumentException e)
                    {
                        throw new AlonzoOperationException("InvalidPayload", FailureKind.InvalidArgument,
                            "-Payload cannot be sent as JSON: " + e.Message, "Pass a flatter object, or JSON text.");
                    }
            }
        }
    }
}
