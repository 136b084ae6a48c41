using System.Management.Automation;
using Alonzo.Functions;
using Alonzo.Mappings;
using Alonzo.Validation;

namespace Alonzo.Commands.Mappings
{
    /// <summary>Shows event source mappings by function, by stream, or by UUID.</summary>
    [Cmdlet(VerbsCommon.Get, "AlonzoEventMapping", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(AlonzoEventMapping))]
    public sealed class GetAlonzoEventMappingCommand : AlonzoCmdlet
    {
        private const string ListSet = "List";
        private const string UuidSet = "UUID";

        [Parameter(Position = 0, ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.FunctionNameCompleter))]
        public string FunctionName { get; set; }

        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.StreamNameCompleter))]
        public string StreamName { get; set; }

        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [Alias("StreamArn")]
        public string EventSourceArn { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UuidSet, ValueFromPipelineByPropertyName = true)]
        public string UUID { get; set; }

        protected override void ProcessRecord()
        {
            object target = UUID ?? FunctionName ?? StreamName ?? EventSourceArn;
            TryProcess(target, () =>
            {
                var operations = new EventMappingOperations(Context);
                if (ParameterSetName == UuidSet)
                {
                    var mapping = Run(ct => operations.GetAsync(UUID, ct));
                    if (mapping == null)
                        throw new AlonzoOperationException("EventMappingNotFound", FailureKind.ObjectNotFound,
                            $"No event source mapping with UUID '{UUID}' in region {Context.Region}.", "List them with Get-AlonzoEventMapping -FunctionName <name>.");
                    WriteObject(mapping);
                    return;
                }
                if (FunctionName != null) FunctionRules.Name(FunctionName, "FunctionName");
                string sourceArn = EventSourceArn;
                if (sourceArn == null && StreamName != null)
                {
                    NameRules.StreamName(StreamName, "StreamName");
                    sourceArn = Run(ct => operations.ResolveSourceArnAsync(new EventMappingSpec { StreamName = StreamName }, null, ct)).Value;
                }
                WriteObject(Run(ct => operations.ListAsync(FunctionName, sourceArn, ct)), true);
            });
        }
    }
}
