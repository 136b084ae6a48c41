using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Local
{
    /// <summary>What a sandbox said: ready, an init error, a result, an error, or that it exited.</summary>
    internal sealed class SandboxFrame
    {
        public const char Ready = 'R', InitError = 'E', Result = 'O', Error = 'F', Exited = 'X';

        public char Kind;
        public long DurationMicroseconds;
        public byte[] Payload = Array.Empty<byte>();
        /// <summary>What the child wrote to its log before this frame.</summary>
        public string Log = "";
        public int? ExitCode;
    }

    /// <summary>How to start a sandbox: the interpreter, the bootstrap, the folder and the environment.</summary>
    internal sealed class SandboxLaunch
    {
        public LocalInterpreter Interpreter;
        public string Bootstrap;
        public string WorkingDirectory;
        public IDictionary<string, string> Environment;
        public string FunctionArn;
    }

    /// <summary>
    /// One execution environment: a child interpreter running Alonzo's bootstrap with the handler
    /// loaded. Requests go to its standard input; its standard output carries the handler's log and,
    /// between log bytes, frames marked with a record separator and this sandbox's random token.
    /// Standard error is read as log too (the interpreter's own crash messages). The sandbox is
    /// ended with its whole process tree on a timeout, on cancellation and when disposed.
    /// </summary>
    internal sealed class LocalSandbox : IDisposable
    {
        private readonly Process _process;
        private readonly byte[] _prefix;
        private readonly ConcurrentQueue<SandboxFrame> _frames = new ConcurrentQueue<SandboxFrame>();
        private readonly SemaphoreSlim _frameCount = new SemaphoreSlim(0);
        private readonly StringBuilder _log = new StringBuilder();
        private readonly object _logLock = new object();
        private readonly Task _stderrReader;
        private readonly Stream _input;
        private int _disposed;
        private int _peakMegabytes;

        private LocalSandbox(Process process, string token)
        {
            _process = process;
            _prefix = Encoding.ASCII.GetBytes("\u001e" + token + " ");
            _input = process.StandardInput.BaseStream;
            _stderrReader = Task.Run(() => ReadLogAsync(process.StandardError.BaseStream));
            Task.Run(ReadOutputAsync);
        }

        public DateTime Started { get; private set; }
        public bool Exited => _process.HasExited;
        public int ProcessId => _process.Id;
        public string LogStreamName { get; set; }

        public static LocalSandbox Start(SandboxLaunch launch)
        {
            string token = Guid.NewGuid().ToString("N");
            var start = new ProcessStartInfo(launch.Interpreter.Path, Arguments(launch))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
                WorkingDirectory = launch.WorkingDirectory,
            };
            start.Environment.Clear();
            foreach (var pair in launch.Environment) start.Environment[pair.Key] = pair.Value;
            start.Environment["_ALONZO_CHANNEL"] = token;
            if (launch.FunctionArn != null) start.Environment["_ALONZO_FUNCTION_ARN"] = launch.FunctionArn;
            var started = DateTime.UtcNow;
            var process = Process.Start(start);
            return new LocalSandbox(process, token) { Started = started };
        }

        private static string Arguments(SandboxLaunch launch)
        {
            string bootstrap = Quote(launch.Bootstrap);
            // UTF-8 mode: the encoding Lambda's LANG=en_US.UTF-8 gives, whatever this machine's locale.
            return launch.Interpreter.Family == RuntimeFamily.Python ? "-X utf8 " + bootstrap : bootstrap;
        }

        private static string Quote(string value) => "\"" + value.Replace("\"", "\\\"") + "\"";

        /// <summary>Waits for the next frame; null when <paramref name="timeout"/> passed first.</summary>
        public async Task<SandboxFrame> NextFrameAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (!await _frameCount.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, cancellationToken).ConfigureAwait(false))
                return null;
            _frames.TryDequeue(out var frame);
            if (frame.Kind == SandboxFrame.Exited)
            {
                // Later waits see the exit too.
                _frames.Enqueue(frame);
                _frameCount.Release();
            }
            return frame;
        }

        /// <summary>Sends one invocation request.</summary>
        public async Task SendAsync(string requestId, long deadlineEpochMs, string traceId, byte[] payload, CancellationToken cancellationToken)
        {
            var header = Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, "I {0} {1} {2} {3}\n", requestId, deadlineEpochMs, traceId, payload.Length));
            var message = new byte[header.Length + payload.Length];
            Buffer.BlockCopy(header, 0, message, 0, header.Length);
            Buffer.BlockCopy(payload, 0, message, header.Length, payload.Length);
            try
            {
                await _input.WriteAsync(message, 0, message.Length, cancellationToken).ConfigureAwait(false);
                await _input.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The child is gone; its exit frame tells the rest.
            }
        }

        /// <summary>The peak resident memory of the child so far (VmHWM on Linux), in MB, rounded up.</summary>
        /// <remarks>Once the child has exited, the last figure read is returned.</remarks>
        public int PeakMemoryMegabytes()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Refresh();
                    long bytes = _process.PeakWorkingSet64;
                    _peakMegabytes = Math.Max(_peakMegabytes, (int)((bytes + 1024 * 1024 - 1) / (1024 * 1024)));
                }
            }
            catch (InvalidOperationException)
            {
            }
            return _peakMegabytes;
        }

        /// <summary>Ends the child and everything it started; the exit frame follows once its pipes close.</summary>
        public void Kill() => ProcessTree.Kill(_process);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            try { _input.Dispose(); } catch (IOException) { }
            Kill();
            _process.Dispose();
        }

        private void AppendLog(Decoder decoder, byte[] bytes, int offset, int count, bool flush)
        {
            if (count <= 0 && !flush) return;
            var chars = new char[decoder.GetCharCount(bytes, offset, count, flush)];
            int n = decoder.GetChars(bytes, offset, count, chars, 0, flush);
            lock (_logLock) _log.Append(chars, 0, n);
        }

        private string TakeLog()
        {
            lock (_logLock)
            {
                string text = _log.ToString();
                _log.Clear();
                return text;
            }
        }

        private async Task ReadLogAsync(Stream stream)
        {
            var decoder = new UTF8Encoding(false, false).GetDecoder();
            var buffer = new byte[8192];
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
                    AppendLog(decoder, buffer, 0, n, false);
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException)
            {
            }
            AppendLog(decoder, buffer, 0, 0, true);
        }

        private void Publish(SandboxFrame frame)
        {
            frame.Log = TakeLog();
            _frames.Enqueue(frame);
            _frameCount.Release();
        }

        /// <summary>Splits standard output into log text and frames.</summary>
        private async Task ReadOutputAsync()
        {
            var stream = _process.StandardOutput.BaseStream;
            var decoder = new UTF8Encoding(false, false).GetDecoder();
            var buffer = new byte[65536];
            int length = 0;
            SandboxFrame frame = null;
            MemoryStream payload = null;
            long remaining = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                    int n = await stream.ReadAsync(buffer, length, buffer.Length - length).ConfigureAwait(false);
                    if (n == 0) break;
                    length += n;
                    int pos = 0;
                    while (pos < length)
                    {
                        if (frame != null)
                        {
                            int take = (int)Math.Min(remaining, length - pos);
                            payload.Write(buffer, pos, take);
                            pos += take;
                            remaining -= take;
                            if (remaining > 0) break;
                            frame.Payload = payload.ToArray();
                            Publish(frame);
                            frame = null;
                            continue;
                        }
                        int mark = Array.IndexOf(buffer, (byte)0x1e, pos, length - pos);
                        if (mark < 0)
                        {
                            AppendLog(decoder, buffer, pos, length - pos, false);
                            pos = length;
                            break;
                        }
                        AppendLog(decoder, buffer, pos, mark - pos, false);
                        pos = mark;
                        if (length - pos < _prefix.Length) break; // the rest of the marker is still on its way
                        if (!HasPrefix(buffer, pos))
                        {
                            AppendLog(decoder, buffer, pos, 1, false);
                            pos++;
                            continue;
                        }
                        int newline = Array.IndexOf(buffer, (byte)'\n', pos, length - pos);
                        if (newline < 0) break;
                        var header = Encoding.ASCII.GetString(buffer, pos + _prefix.Length, newline - pos - _prefix.Length).Split(' ');
                        pos = newline + 1;
                        frame = new SandboxFrame
                        {
                            Kind = header[0][0],
                            DurationMicroseconds = long.Parse(header[1], CultureInfo.InvariantCulture),
                        };
                        remaining = long.Parse(header[2], CultureInfo.InvariantCulture);
                        payload = new MemoryStream((int)Math.Min(remaining, 1 << 20));
                        if (remaining == 0)
                        {
                            Publish(frame);
                            frame = null;
                        }
                    }
                    if (pos > 0)
                    {
                        Buffer.BlockCopy(buffer, pos, buffer, 0, length - pos);
                        length -= pos;
                    }
                }
            }
            catch (Exception e) when (e is IOException || e is ObjectDisposedException)
            {
            }
            AppendLog(decoder, buffer, 0, length, true);
            try { await _stderrReader.ConfigureAwait(false); } catch (Exception) { }
            int? exitCode = null;
            try
            {
                if (_process.WaitForExit(10000)) exitCode = _process.ExitCode;
            }
            catch (InvalidOperationException)
            {
            }
            Publish(new SandboxFrame { Kind = SandboxFrame.Exited, ExitCode = exitCode });
        }

        private bool HasPrefix(byte[] buffer, int pos)
        {
            for (int i = 0; i < _prefix.Length; i++)
                if (buffer[pos + i] != _prefix[i]) return false;
            return true;
        }
    }
}
