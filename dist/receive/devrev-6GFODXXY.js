import{c as a}from"./chunk-QXPRHXAV.js";import"./chunk-USXZQT3V.js";export{a as reactions};
