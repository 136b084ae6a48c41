using System;
using System.Collections.Generic;
using System.Net.Http;
using Alonzo.Aws.Ec2;
using Alonzo.Aws.Iam;
using Alonzo.Aws.Kinesis;
using Alonzo.Aws.Lambda;
using Alonzo.Aws.Logs;
using Alonzo.Aws.Runtime;
using Alonzo.Aws.S3;
using Alonzo.Aws.Sdk;

namespace Alonzo.Sessions
{
    /// <summary>
    /// Everything one command needs to talk to AWS: the resolved session and one client per service,
    /// created on first use. Engines take a context rather than building clients, so tests can hand
    /// them clients of their own. Disposing the context disposes the transports and SDK clients it
    /// created (never the ones handed to it).
    /// </summary>
    public sealed class AlonzoContext : IDisposable
    {
        private readonly IAwsCallListener _listener;
        private readonly HttpMessageHandler _handler;
        private readonly List<IDisposable> _created = new List<IDisposable>();
        private IKinesisClient _kinesis;
        private IIamClient _iam;
        private ILambdaClient _lambda;
        private ILogsClient _logs;
        private IS3Client _s3;
        private IEc2Client _ec2;
        private bool _disposed;

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

        /// <summary>S3 through AWSSDK.S3, loaded only when a command first uses it.</summary>
        public IS3Client S3
        {
            get => _s3 ?? (_s3 = Track(SdkClients().CreateS3()));
            set => _s3 = value;
        }

        /// <summary>EC2 through AWSSDK.EC2, loaded only when a command first uses it.</summary>
        public IEc2Client Ec2
        {
            get => _ec2 ?? (_ec2 = Track(SdkClients().CreateEc2()));
            set => _ec2 = value;
        }

        public AwsTransport CreateTransport(AwsService service)
        {
            var transport = Track(new AwsTransport(Session, service, _listener, _handler));
            if (RetryOverride != null) transport.WithRetry(RetryOverride);
            return transport;
        }

        /// <summary>The factory for AWS SDK service clients, configured like this context's own transports.</summary>
        public AwsSdkClientFactory SdkClients() =>
            new AwsSdkClientFactory(Session, _listener, _handler) { RetryOverride = RetryOverride };

        public void Dispose()
        {
            List<IDisposable> created;
            lock (_created)
            {
                if (_disposed) return;
                _disposed = true;
                created = new List<IDisposable>(_created);
                _created.Clear();
            }
            for (int i = created.Count - 1; i >= 0; i--) created[i].Dispose();
        }

        private T Track<T>(T client)
        {
            lock (_created)
            {
                if (_disposed)
                {
                    (client as IDisposable)?.Dispose();
                    throw new ObjectDisposedException(nameof(AlonzoContext), "The command that owned this AWS context has finished.");
                }
                if (client is IDisposable disposable) _created.Add(disposable);
            }
            return client;
        }
    }
}
