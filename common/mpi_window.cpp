#include "mpi_window.hpp"

#include <exception>

namespace hpcp::mpi {

Window::Window(MPI_Win win) : win_(win) {
  if (win_ != MPI_WIN_NULL) MPI_Win_set_errhandler(win_, MPI_ERRORS_RETURN);
}

Window& Window::operator=(Window&& other) noexcept {
  if (this != &other) {
    release();
    win_ = std::exchange(other.win_, MPI_WIN_NULL);
    locked_all_ = std::exchange(other.locked_all_, false);
  }
  return *this;
}

void Window::release() noexcept {
  if (win_ == MPI_WIN_NULL) return;
  if (std::uncaught_exceptions() == 0) {
    if (locked_all_) MPI_Win_unlock_all(win_);
    MPI_Win_free(&win_);
  }
  win_ = MPI_WIN_NULL;
}

}  // namespace hpcp::mpi
