import{c as a}from"./chunk-VO6VDIZL.js";import"./chunk-27ISYLU3.js";export{a as reactions};
