#include "signal_pipe.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

namespace flowc::cli {

namespace {

int write_fd = -1;  // the handler's end; a signal handler can only reach a global

void on_signal(int signal) {
  const int saved = errno;  // the interrupted code may be about to read errno
  const char byte = static_cast<char>(signal);
  (void)!::write(write_fd, &byte, 1);  // a full pipe drops it: the signals before it are still to be handled
  errno = saved;
}

}  // namespace

bool SignalPipe::open() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return false;
  read_fd_ = fds[0];
  write_fd = fds[1];
  struct sigaction action = {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(signal, &action, nullptr);
  return true;
}

SignalPipe::~SignalPipe() {
  if (read_fd_ < 0) return;
  struct sigaction action = {};
  action.sa_handler = SIG_DFL;
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(signal, &action, nullptr);
  ::close(read_fd_);
  ::close(write_fd);
  write_fd = -1;
}

std::vector<int> SignalPipe::take() {
  std::vector<int> signals;
  char bytes[64];
  ssize_t n;
  while ((n = ::read(read_fd_, bytes, sizeof bytes)) > 0)
    for (ssize_t i = 0; i < n; ++i) signals.push_back(static_cast<unsigned char>(bytes[i]));
  return signals;
}

}  // namespace flowc::cli
