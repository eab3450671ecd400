# Configures tests/cmake/subproject (minima through add_subdirectory) in a fresh folder; fails when
# minima, not being the top-level project, defines more than its library or writes install rules.
# cmake -DMINIMA_SOURCE_DIR=... -DWORK_DIR=... -DGENERATOR=... -DCXX=... -P subproject.cmake
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} -S ${MINIMA_SOURCE_DIR}/tests/cmake/subproject -B ${WORK_DIR}
                        -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} -DMINIMA_SOURCE_DIR=${MINIMA_SOURCE_DIR}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring a project that adds minima with add_subdirectory failed")
endif()
# No install rules of minima's: cmake_install.cmake of its folder installs nothing.
file(READ ${WORK_DIR}/minima/cmake_install.cmake install_script)
if(install_script MATCHES "file\\(INSTALL")
  message(FATAL_ERROR "a subproject's minima has install rules (${WORK_DIR}/minima/cmake_install.cmake)")
endif()
file(REMOVE_RECURSE ${WORK_DIR})
