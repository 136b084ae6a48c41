using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Alonzo.Aws.Runtime;
using Alonzo.Sessions;
using Xunit;

namespace Alonzo.Tests.Emulators
{
    /// <summary>
    /// A moto_server on a free 127.0.0.1 port for the tests of one class (an xunit class fixture) or of a
    /// collection (<see cref="MotoCollection"/>), with the AWS managed IAM policies loaded, under
    /// tests/fixtures/service_watchdog.py like the Pester suites' services: it stops when the fixture is
    /// disposed, and also when the test host dies in any other way (the watchdog's standard input closes).
    /// </summary>
    public sealed class MotoServer : IDisposable
    {
        private static readonly HttpClient Http = new HttpClient(new HttpClientHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        private readonly Process _process;
        private readonly string _log;

        public MotoServer()
        {
            string watchdog = Path.Combine(RepositoryRoot(), "tests", "fixtures", "service_watchdog.py");
            string lastError = null;
            for (int attempt = 1; attempt <= 3; attempt++)
            {
                int port = FreePort();
                _log = Path.Combine(Path.GetTempPath(), $"alonzo-xunit-moto-{Guid.NewGuid():N}.log");
                var start = new ProcessStartInfo("python3")
                {
                    UseShellExecute = false,
                    RedirectStandardInput = true,
                    WorkingDirectory = Path.GetTempPath(),
                };
                foreach (var argument in new[] { watchdog, _log, "python3", "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString() })
                    start.ArgumentList.Add(argument);
                foreach (var name in new[] { "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy" })
                    start.Environment.Remove(name);
                start.Environment["NO_PROXY"] = "127.0.0.1,localhost";
                start.Environment["PYTHONUNBUFFERED"] = "1";
                start.Environment["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true";
                _process = Process.Start(start);
                Url = $"http://127.0.0.1:{port}";
                if (WaitReady(TimeSpan.FromSeconds(60))) return;
                lastError = $"moto_server did not answer on {Url}: {Tail()}";
                bool exited = _process.HasExited;
                Stop();
                if (!exited) break; // it hung rather than lost the port race: another port will not help
            }
            throw new InvalidOperationException(lastError);
        }

        public string Url { get; }

        /// <summary>A context whose clients all talk to this emulator, with quick retries.</summary>
        public AlonzoContext Context() =>
            new AlonzoContext(TestSessions.Create(Url)) { RetryOverride = AwsRetryRules.Standard(3, TimeSpan.FromMilliseconds(1)) };

        /// <summary>Drops all state (POST /moto-api/reset).</summary>
        public void Reset() => Http.PostAsync(Url + "/moto-api/reset", null).GetAwaiter().GetResult().EnsureSuccessStatusCode();

        public void Dispose()
        {
            Stop();
            try { File.Delete(_log); } catch (IOException) { }
        }

        private bool WaitReady(TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                try
                {
                    using (var reply = Http.GetAsync(Url + "/moto-api/").GetAwaiter().GetResult())
                        return true; // any answer means it listens
                }
                catch (HttpRequestException)
                {
                    Thread.Sleep(200);
                }
                catch (TaskCanceledException)
                {
                    Thread.Sleep(200);
                }
            }
            return false;
        }

        private void Stop()
        {
            try
            {
                if (_process.HasExited) return;
                // Closing the lifetime pipe lets the watchdog stop moto politely first.
                _process.StandardInput.Close();
                if (!_process.WaitForExit(5000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        private string Tail()
        {
            try { return File.Exists(_log) ? File.ReadAllText(_log) : "(no log)"; }
            catch (IOException e) { return e.Message; }
        }

        private static int FreePort()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
            finally { listener.Stop(); }
        }

        private static string RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "tests", "fixtures", "service_watchdog.py"))) return dir.FullName;
            throw new DirectoryNotFoundException("tests/fixtures/service_watchdog.py was not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>The engine suites that share one emulator (each test uses names of its own).</summary>
    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "moto";
    }
}
