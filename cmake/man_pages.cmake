# The man pages, rendered at build time with pandoc from markdown in packaging/man/.
# dhcplite.yaml(5) is docs/configuration.md itself behind a short title page, so the reference
# and the man page cannot drift. Target `man`; installed to share/man/man<section>.
include(GNUInstallDirs)
set(DHCPLITE_MAN_DIR ${PROJECT_BINARY_DIR}/man)
set(DHCPLITE_MAN_SOURCE ${PROJECT_SOURCE_DIR}/packaging/man)

if(DHCPLITE_MAN)
  find_program(DHCPLITE_PANDOC pandoc)
  if(NOT DHCPLITE_PANDOC)
    message(WARNING "pandoc not found: no man pages (scripts/install-deps.sh installs it)")
  endif()
endif()

# dhcplite_man(<name> <section> <markdown files...>): renders ${DHCPLITE_MAN_DIR}/<name>.<section>
function(dhcplite_man name section)
  set(out ${DHCPLITE_MAN_DIR}/${name}.${section})
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${DHCPLITE_MAN_DIR}
    COMMAND ${DHCPLITE_PANDOC} --standalone --from markdown --to man
            --lua-filter ${DHCPLITE_MAN_SOURCE}/man_filter.lua
            --metadata footer=dhcplite\ ${PROJECT_VERSION}
            --output ${out} ${ARGN}
    DEPENDS ${ARGN} ${DHCPLITE_MAN_SOURCE}/man_filter.lua
    COMMENT "man page ${name}(${section})" VERBATIM)
  set_property(GLOBAL APPEND PROPERTY DHCPLITE_MAN_PAGES ${out})
  install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man${section})
endfunction()

if(DHCPLITE_MAN AND DHCPLITE_PANDOC)
  dhcplite_man(dhcplite 8 ${DHCPLITE_MAN_SOURCE}/dhcplite.8.md)
  dhcplite_man(dhcputil 1 ${DHCPLITE_MAN_SOURCE}/dhcputil.1.md)
  dhcplite_man(dhcplite.yaml 5 ${DHCPLITE_MAN_SOURCE}/dhcplite.yaml.5.md
               ${PROJECT_SOURCE_DIR}/docs/configuration.md)
  get_property(pages GLOBAL PROPERTY DHCPLITE_MAN_PAGES)
  add_custom_target(man ALL DEPENDS ${pages})
endif()
