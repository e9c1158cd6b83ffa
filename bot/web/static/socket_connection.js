// A small socket.io client over a WebSocket (Engine.IO protocol 4, default namespace).
//
// It covers what the chat widget needs: connect, named events both ways, the server's
// heartbeat, and reconnecting by itself with a growing pause after the connection drops.
// Packets: "0{…}" open, "2" ping, "3" pong, "40" namespace connect, "42[name, data]" event.
(function () {
  "use strict";

  var FIRST_PAUSE_MS = 1000;
  var LONGEST_PAUSE_MS = 10000;

  function SocketConnection(serverUrl, handlers) {
    this.url = serverUrl.replace(/^http/, "ws").replace(/\/$/, "") + "/socket.io/?EIO=4&transport=websocket";
    this.handlers = handlers;
    this.connected = false;
    this.pause = FIRST_PAUSE_MS;
    this.socket = null;
    this.heartbeatTimer = null;
    this.reconnectTimer = null;
    var connection = this;
    window.addEventListener("online", function () { connection.reconnectNow(); });
  }

  SocketConnection.prototype.open = function () {
    var connection = this;
    var socket;
    try {
      socket = new WebSocket(this.url);
    } catch (error) {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onmessage = function (event) { connection.receive(socket, String(event.data)); };
    socket.onclose = function () { connection.dropped(socket); };
    socket.onerror = function () { socket.close(); };
  };

  SocketConnection.prototype.receive = function (socket, packet) {
    var type = packet.charAt(0);
    if (type === "0") {
      var handshake = JSON.parse(packet.slice(1));
      this.heartbeatLimit = handshake.pingInterval + handshake.pingTimeout;
      this.expectHeartbeat(socket);
      socket.send("40");
    } else if (type === "2") {
      socket.send("3");
      this.expectHeartbeat(socket);
    } else if (type === "4") {
      this.receiveMessage(packet.slice(1));
    }
  };

  SocketConnection.prototype.receiveMessage = function (message) {
    if (message.charAt(0) === "0") {
      this.connected = true;
      this.pause = FIRST_PAUSE_MS;
      this.handlers.onConnect();
    } else if (message.charAt(0) === "2") {
      var event = JSON.parse(message.slice(1));
      this.handlers.onEvent(event[0], event[1]);
    }
  };

  // A connection that hears no heartbeat for too long is dead even if the socket is open.
  SocketConnection.prototype.expectHeartbeat = function (socket) {
    clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = setTimeout(function () { socket.close(); }, this.heartbeatLimit);
  };

  SocketConnection.prototype.emit = function (name, data) {
    if (!this.connected) return false;
    this.socket.send("42" + JSON.stringify([name, data]));
    return true;
  };

  SocketConnection.prototype.dropped = function (socket) {
    if (socket !== this.socket) return;
    clearTimeout(this.heartbeatTimer);
    var wasConnected = this.connected;
    this.connected = false;
    this.socket = null;
    if (wasConnected) this.handlers.onDisconnect();
    this.scheduleReconnect();
  };

  SocketConnection.prototype.scheduleReconnect = function () {
    var connection = this;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(function () { connection.open(); }, this.pause);
    this.pause = Math.min(this.pause * 2, LONGEST_PAUSE_MS);
  };

  SocketConnection.prototype.reconnectNow = function () {
    if (this.socket) return;
    clearTimeout(this.reconnectTimer);
    this.pause = FIRST_PAUSE_MS;
    this.open();
  };

  window.ServiceDeskSocketConnection = SocketConnection;
})();
