using System;
using System.Net.Http;
using Alonzo.Aws.Iam;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Logs;
using Alonzo.Aws.Runtime;

namespace Alonzo.Sessions
{
    /// <summary>
    /// Everything one command needs to talk to AWS: the resolved session and one client per service,
    /// created on first use. Engines take a context rather than building clients, so tests can hand
    /// them clients of their own.
    /// </summary>
    public sealed class AlonzoContext
    {
        private readonly IAwsCallListener _listener;
        private readonly HttpMessageHandler _handler;
        private IKinesisClient _kinesis;
        private IIamClient _iam;
        private ILambdaClient _lambda;
        private ILogsClient _logs;

        public AlonzoContext(AwsSession session, IAwsCallListener listener = null, HttpMessageHandler handler = null)
        {
            Session = session ?? throw new ArgumentNullException(nameof(session));
            _listener = listener;
            _handler = handler;
        }

        public AwsSession Session { get; }
        public string Region => Session.Region;

        /// <summary>Overrides the retry rules of clients created from now on (tests use short delays).</summary>
        public AwsRetryRules RetryOverride { get; set; }

        public IKinesisClient Kinesis
        {
            get => _kinesis ?? (_kinesis = new KinesisClient(CreateTransport(AwsService.Kinesis)));
            set => _kinesis = value;
        }

        /// <summary>IAM is global: its transport signs for the partition's home region (us-east-1 in aws).</summary>
        public IIamClient Iam
        {
            get => _iam ?? (_iam = new IamClient(CreateTransport(AwsService.Iam)));
            set => _iam = value;
        }

        public ILambdaClient Lambda
        {
            get => _lambda ?? (_lambda = new LambdaClient(CreateTransport(AwsService.Lambda)));
            set => _lambda = value;
        }

        public ILogsClient Logs
        {
            get => _logs ?? (_logs = new LogsClient(CreateTransport(AwsService.CloudWatchLogs)));
            set => _logs = value;
        }

        public AwsTransport CreateTransport(AwsService service)
        {
            var transport = new AwsTransport(Session, service, _listener, _handler);
            if (RetryOverride != null) transport.WithRetry(RetryOverride);
            return transport;
        }
    }
}
