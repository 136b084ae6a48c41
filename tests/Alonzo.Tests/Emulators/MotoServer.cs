using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Xunit;

namespace Alonzo.Tests.Emulators
{
    /// <summary>
    /// moto_server on a free loopback port for the engine tests that need a real service to talk to.
    /// It runs under a small Python launcher that exits when its standard input closes, so the
    /// emulator goes away with the test process even when that process is killed.
    /// </summary>
    public sealed class MotoServer : IDisposable
    {
        private const string Launcher =
            "import sys\n" +
            "from moto.server import ThreadedMotoServer\n" +
            "server = ThreadedMotoServer(ip_address='127.0.0.1', port=int(sys.argv[1]), verbose=False)\n" +
            "server.start()\n" +
            "print('ready', flush=True)\n" +
            "sys.stdin.read()\n" +
            "server.stop()\n";

        private readonly Process _process;

        public MotoServer()
        {
            Port = FreePort();
            var start = new ProcessStartInfo("python3")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(Launcher);
            start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";
            _process = Process.Start(start) ?? throw new InvalidOperationException("python3 could not be started.");
            _process.ErrorDataReceived += (_, __) => { };
            _process.BeginErrorReadLine();
            string line = _process.StandardOutput.ReadLine();
            if (line != "ready")
                throw new InvalidOperationException($"moto_server did not start (python3 said '{line}'; exit code {(_process.HasExited ? _process.ExitCode.ToString() : "-")}).");
            WaitUntilAnswering();
        }

        public int Port { get; }
        public string Url => $"http://127.0.0.1:{Port}";

        /// <summary>A context whose clients all talk to this emulator, with quick retries.</summary>
        public AlonzoContext Context() =>
            new AlonzoContext(TestSessions.Create(Url)) { RetryOverride = AwsRetryRules.Standard(3, TimeSpan.FromMilliseconds(1)) };

        private void WaitUntilAnswering()
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    if (http.GetAsync(Url + "/moto-api/").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < deadline) { }
                catch (System.Threading.Tasks.TaskCanceledException) when (DateTime.UtcNow < deadline) { }
                if (DateTime.UtcNow >= deadline) throw new TimeoutException($"moto_server did not answer on {Url} within 60 s.");
                Thread.Sleep(100);
            }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public void Dispose()
        {
            try
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000)) _process.Kill(true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _process.Dispose();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "moto";
    }
}
