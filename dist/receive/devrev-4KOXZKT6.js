import{c as a}from"./chunk-PYQZSIBQ.js";import"./chunk-3LS6USRN.js";export{a as reactions};
