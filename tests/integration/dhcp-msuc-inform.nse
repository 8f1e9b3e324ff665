local dhcp = require "dhcp"
local ipOps = require "ipOps"
local nmap = require "nmap"
local shortport = require "shortport"
local stdnse = require "stdnse"
local string = require "string"

description = [[
dhcplite integration test probe: a Lync/Skype for Business phone's DHCPINFORM, built and parsed
by nmap's own dhcp library (nselib/dhcp.lua), not by dhcplite's code.

nmap's stock dhcp-discover script cannot send option 60 (vendor class identifier): it only adds
option 61 from its script arguments. A phone sends option 60 "MS-UC-Client" and asks for options
120 and 43 (option 55), so this probe passes exactly that to dhcp.dhcp_build. It prints nmap's
parse of the reply (dhcp.dhcp_parse; run nmap with -v so options like 43 and 53 are shown) and
the raw request and reply as hex, for the test to check byte by byte.
]]

author = "dhcplite integration tests"
license = "Same as dhcplite"
categories = {"safe"}

portrule = shortport.portnumber(67, "udp")

action = function(host, port)
  local iface = nmap.get_interface_info(host.interface)
  if not (iface and iface.address) then
    return stdnse.format_output(false, "no local address on " .. host.interface)
  end
  local mac = host.mac_addr_src
  local xid = string.pack(">I4", math.random(1, 0x7FFFFFFF))
  local options = {
    {number = 61, type = "string", value = "\x01" .. mac},  -- client identifier: type 1 + MAC
    {number = 60, type = "string", value = "MS-UC-Client"}, -- exact and case-sensitive
  }
  local ok, request = dhcp.dhcp_build(dhcp.request_types["DHCPINFORM"],
    ipOps.ip_to_str(iface.address), mac, options, "\x78\x2b", nil, nil, xid)
  if not ok then
    return stdnse.format_output(false, "dhcp_build: " .. tostring(request))
  end

  local socket = nmap.new_socket("udp")
  socket:bind(nil, 68)
  socket:set_timeout(5000)
  local status, err = socket:sendto(host, {number = 67, protocol = "udp"}, request)
  if not status then
    socket:close()
    return stdnse.format_output(false, "send: " .. tostring(err))
  end
  local data
  status, data = socket:receive()
  while status and data:sub(5, 8) ~= xid do
    status, data = socket:receive()
  end
  socket:close()
  if not status then
    return "no reply: " .. tostring(data)
  end

  local parsed_ok, parsed = dhcp.dhcp_parse(data, xid)
  if not parsed_ok then
    return stdnse.format_output(false, "dhcp_parse: " .. tostring(parsed))
  end
  local out = stdnse.output_table()
  for _, v in ipairs(parsed.options) do
    if v.name == "Vendor Specific Information" then
      out[v.name] = stdnse.tohex(v.value)  -- binary TLVs: show them as hex
    else
      out[v.name] = v.value
    end
  end
  out["request-hex"] = stdnse.tohex(request)
  out["reply-hex"] = stdnse.tohex(data)
  return out
end
