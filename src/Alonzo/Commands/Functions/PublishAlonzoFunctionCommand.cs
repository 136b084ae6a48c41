using System;
using System.Collections;
using System.Management.Automation;
using Alonzo.Functions;
using Alonzo.Network;

namespace Alonzo.Commands.Functions
{
    /// <summary>Creates a Lambda function from a folder or zip, or converges an existing one to match.</summary>
    [Cmdlet(VerbsData.Publish, "AlonzoFunction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(AlonzoFunction))]
    public sealed class PublishAlonzoFunctionCommand : AlonzoCmdlet
    {
        private const string PathSet = "Path";
        private const string ZipSet = "ZipFile";
        private const string PackageSet = "Package";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FunctionName")]
        [AllowEmptyString]
        public string Name { get; set; }

        /// <summary>The folder with the handler and its dependencies; packaged deterministically.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        public string Path { get; set; }

        [Parameter(ParameterSetName = PathSet)]
        public string[] Exclude { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ZipSet)]
        public string ZipFile { get; set; }

        /// <summary>A package from New-AlonzoPackage.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PackageSet, ValueFromPipeline = true)]
        public AlonzoPackage Package { get; set; }

        /// <summary>Taken from a piped package's Handler when not given.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [AllowEmptyString]
        public string Handler { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.RuntimeCompleter))]
        [AllowEmptyString]
        public string Runtime { get; set; }

        /// <summary>The execution role: a name, an ARN, or a role object from New-AlonzoRole/Get-AlonzoRole.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("RoleArn")]
        [ArgumentCompleter(typeof(Completers.RoleNameCompleter))]
        [AllowEmptyString]
        public string Role { get; set; }

        [Parameter]
        public int MemorySize { get; set; }

        /// <summary>The function's timeout in seconds (1 to 900).</summary>
        [Parameter]
        public int Timeout { get; set; }

        [Parameter]
        public Hashtable Environment { get; set; }

        [Parameter]
        public string Description { get; set; }

        [Parameter]
        [ValidateSet("x86_64", "arm64")]
        public string Architecture { get; set; }

        [Parameter]
        public Hashtable Tag { get; set; }

        /// <summary>Publish a new version when something changed.</summary>
        [Parameter]
        public SwitchParameter Publish { get; set; }

        /// <summary>Place the function in these subnets (with -SecurityGroupId); compared as a set.</summary>
        [Parameter]
        public string[] SubnetId { get; set; }

        /// <summary>The function's security groups in the VPC (with -SubnetId); compared as a set.</summary>
        [Parameter]
        public string[] SecurityGroupId { get; set; }

        /// <summary>Take the function out of its VPC.</summary>
        [Parameter]
        public SwitchParameter NoVpc { get; set; }

        /// <summary>Do not attach AWSLambdaVPCAccessExecutionRole to a role that lacks the network-interface permissions; only warn.</summary>
        [Parameter]
        public SwitchParameter NoVpcPolicy { get; set; }

        /// <summary>How long to wait for the function to become ready after each change.</summary>
        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = (int)FunctionOperations.DefaultTimeout.TotalSeconds;

        protected override void ProcessRecord()
        {
            TryProcess(Name, () =>
            {
                var spec = new FunctionSpec
                {
                    Name = Name,
                    Handler = Handler,
                    Runtime = Runtime,
                    Role = Role,
                    MemorySize = IsBound(nameof(MemorySize)) ? MemorySize : (int?)null,
                    Timeout = IsBound(nameof(Timeout)) ? Timeout : (int?)null,
                    Environment = ToStringDictionary(Environment),
                    Description = Description,
                    Architecture = Architecture,
                    Tags = ToStringDictionary(Tag),
                    Publish = Publish,
                    Vpc = VpcSpec(),
                    AttachVpcPolicy = !NoVpcPolicy,
                };
                spec.Validate();

                spec.Code = LoadCode();
                var operations = new FunctionOperations(Context) { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
                operations.Info += PostVerbose;
                operations.Warning += PostWarning;

                var plan = Run(ct => operations.PlanAsync(spec, null, ct));
                Converge(operations, plan, Name);
            });
        }

        private FunctionVpcSpec VpcSpec()
        {
            bool given = (SubnetId != null && SubnetId.Length > 0) || (SecurityGroupId != null && SecurityGroupId.Length > 0);
            if (NoVpc && given)
                ThrowParameterError("ConflictingVpcParameters", "-NoVpc takes the function out of its VPC; it cannot be used with -SubnetId or -SecurityGroupId.", Name);
            if (NoVpc) return FunctionVpcSpec.None;
            if (!given) return null;
            return new FunctionVpcSpec
            {
                SubnetIds = new System.Collections.Generic.List<string>(SubnetId ?? new string[0]),
                SecurityGroupIds = new System.Collections.Generic.List<string>(SecurityGroupId ?? new string[0]),
            };
        }

        private DeploymentZip LoadCode()
        {
            switch (ParameterSetName)
            {
                case ZipSet:
                    return DeploymentZip.FromZipFile(GetUnresolvedProviderPathFromPSPath(ZipFile), Handler, Runtime);
                case PackageSet:
                    if (Package?.Path == null)
                        throw new AlonzoOperationException("InvalidPackage", FailureKind.InvalidArgument,
                            "-Package: the package has no file; build it with New-AlonzoPackage.");
                    return DeploymentZip.FromZipFile(Package.Path, Handler, Runtime, "Package");
                default:
                    string folder = GetUnresolvedProviderPathFromPSPath(Path);
                    return Run(ct => DeploymentZip.FromFolderAsync(folder, Handler, Runtime, Exclude, ct));
            }
        }
    }
}
