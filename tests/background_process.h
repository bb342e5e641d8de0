// A flowc process the test keeps running in the background (`flowc
// serve`): started through /bin/sh so that the command may redirect, fed
// through a pipe on its standard input when asked, signalled, and waited
// for with a bounded wait. Tests wait for what they expect with
// wait_until(), polling with a deadline: no sleep decides a result.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace flowc::testing {

// Polls `done` every 20 ms until it holds (true) or `seconds` pass (false).
inline bool wait_until(const std::function<bool()>& done, int seconds = 30) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

class BackgroundProcess {
 public:
  // Runs `command` with `sh -c exec ...`; with `pipe_stdin` its standard
  // input is a pipe written by write_stdin(), else /dev/null.
  BackgroundProcess(const std::string& command, bool pipe_stdin) {
    ::signal(SIGPIPE, SIG_IGN);  // a process that ended makes write_stdin fail, not the test die
    int fds[2] = {-1, -1};
    if (pipe_stdin && ::pipe(fds) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      if (pipe_stdin) {
        ::dup2(fds[0], 0);
        ::close(fds[0]);
        ::close(fds[1]);
      } else {
        const int null = ::open("/dev/null", O_RDONLY);
        ::dup2(null, 0);
      }
      const std::string exec = "exec " + command;
      ::execl("/bin/sh", "sh", "-c", exec.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    if (pipe_stdin) {
      ::close(fds[0]);
      stdin_ = fds[1];
    }
  }
  ~BackgroundProcess() {
    close_stdin();
    if (pid_ > 0 && status_ < 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  bool started() const { return pid_ > 0; }
  bool write_stdin(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(stdin_, text.data() + done, text.size() - done);
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }
  void close_stdin() {
    if (stdin_ >= 0) ::close(stdin_);
    stdin_ = -1;
  }
  void signal(int number) { ::kill(pid_, number); }
  // The exit code (128 + N for a signal N), or -1 when it did not end
  // within `seconds` (it is then killed).
  int wait(int seconds = 30) {
    const bool ended = wait_until(
        [&] {
          int status = 0;
          if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
          status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
          return true;
        },
        seconds);
    return ended ? status_ : -1;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int status_ = -1;
};

}  // namespace flowc::testing
