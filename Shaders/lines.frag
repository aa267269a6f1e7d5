#version 330 core
// Lines closer to the eye than u_clearRadius are left out, so that looking through (or
// following) a frame does not put the neighbouring frustums across the whole view.

in vec3 v_color;
in vec3 v_worldPosition;

uniform vec3 u_eye;
uniform float u_clearRadius;

out vec4 o_color;

void main() {
    if (distance(v_worldPosition, u_eye) < u_clearRadius) discard;
    o_color = vec4(v_color, 1.0);
}
