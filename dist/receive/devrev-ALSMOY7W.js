import{c as a}from"./chunk-W26JTXI5.js";import"./chunk-KZ7XTUOP.js";export{a as reactions};
