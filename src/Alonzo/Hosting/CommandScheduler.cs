using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Alonzo.Commands.Hosting
{
    /// <summary>
    /// Runs engine work off the pipeline thread while the pipeline thread drains a queue of actions
    /// (WriteVerbose, WriteProgress, WriteWarning) that only it may perform. This is how async engine
    /// code reports as it goes without ever touching the PowerShell host from a pool thread.
    /// </summary>
    internal sealed class CommandScheduler : IDisposable
    {
        private readonly BlockingCollection<Action> _queue = new BlockingCollection<Action>();
        private readonly int _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;

        /// <summary>Queues an action for the pipeline thread, or runs it now if already there.</summary>
        public void Post(Action action)
        {
            if (Thread.CurrentThread.ManagedThreadId == _pipelineThreadId)
                action();
            else
                Enqueue(action);
        }

        private void Enqueue(Action action)
        {
            try
            {
                _queue.Add(action);
            }
            catch (Exception e) when (e is InvalidOperationException || e is ObjectDisposedException)
            {
                // The command has finished: a call abandoned with it has no one left to report to.
            }
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            _queue.Dispose();
        }

        /// <summary>Runs what engine callbacks have queued so far, without waiting (between Runs, for cmdlets that stream input).</summary>
        public void Drain()
        {
            while (_queue.TryTake(out var action))
                action?.Invoke();
        }

        public T Run<T>(Func<Task<T>> work)
        {
            var task = Task.Run(work);
            task.ContinueWith(_ => Enqueue(null), TaskScheduler.Default);
            while (true)
            {
                var action = _queue.Take();
                if (action == null) break;
                action();
            }
            // Anything queued between completion and the sentinel.
            while (_queue.TryTake(out var late))
                late?.Invoke();
            return task.GetAwaiter().GetResult();
        }
    }
}
